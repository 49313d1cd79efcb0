// Generalised advantage estimation (Schulman et al. 2016, "High-Dimensional Continuous
// Control Using Generalized Advantage Estimation"), with TorchRL's done/terminated
// convention so that time limits do not teach the critic that the world ends.
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>

#include <torch/types.h>

namespace nip::sdk::rl {

struct AdvantageEstimate {
    torch::Tensor advantages;    // A_t, shaped like the rewards
    torch::Tensor value_targets; // A_t + V(s_t): the critic's regression target
};

// GAE over a time-major rollout. Every input is shaped (T, B, ...): time first, then the
// batch of environments (any trailing dimensions are carried along). At step t:
//   rewards[t]      r_t, received on leaving s_t
//   values[t]       V(s_t)
//   next_values[t]  V(s_{t+1}), the critic's value of the state the step led to
//   done[t]         the trajectory ends after this step (for any reason): the recursion
//                   does not carry A_{t+1} back into A_t, so steps of the next episode in
//                   the same environment never leak into this one
//   terminated[t]   the episode truly ended (a decision, a failure): s_{t+1} has value 0,
//                   so next_values[t] is ignored. Implies done: a terminated step also
//                   stops the recursion even if its done flag is not set.
// A step with done && !terminated is truncated (time limit, end of the rollout window):
// it bootstraps from next_values[t] but does not propagate the recursion.
//
//   delta_t = r_t + gamma * (1 - terminated_t) * V(s_{t+1}) - V(s_t)
//   A_t     = delta_t + gamma * lambda * (1 - done_t) * A_{t+1},   A_T = 0
//
// done and terminated may be bool or numeric (non-zero is true). The result is computed
// without gradients: advantages and targets are constants of the loss.
inline AdvantageEstimate
generalised_advantage_estimate(const torch::Tensor& rewards, const torch::Tensor& values,
                               const torch::Tensor& next_values, const torch::Tensor& done,
                               const torch::Tensor& terminated, double gamma, double lambda) {
    if (!(gamma >= 0.0 && gamma <= 1.0) || !(lambda >= 0.0 && lambda <= 1.0)) {
        std::ostringstream message;
        message << "generalised_advantage_estimate: gamma and lambda must lie in [0, 1], got "
                << "gamma " << gamma << " and lambda " << lambda;
        throw std::invalid_argument(message.str());
    }
    if (rewards.dim() < 1) {
        throw std::invalid_argument("generalised_advantage_estimate: rewards need a time "
                                    "dimension first, shaped (T, B, ...); got a scalar");
    }
    if (!rewards.is_floating_point()) {
        throw std::invalid_argument("generalised_advantage_estimate: rewards must be a "
                                    "floating-point tensor; convert them with .to(torch::kFloat)");
    }
    // Broadcasting (T, B) against (T, B, 1) would silently produce (T, B, B): refuse it.
    const auto expect_shape = [&](const torch::Tensor& tensor, const char* name) {
        if (tensor.sizes() != rewards.sizes()) {
            std::ostringstream message;
            message << "generalised_advantage_estimate: " << name << " is shaped " << tensor.sizes()
                    << " but rewards are " << rewards.sizes()
                    << "; pass every input shaped (T, B, ...)";
            throw std::invalid_argument(message.str());
        }
    };
    expect_shape(values, "values");
    expect_shape(next_values, "next_values");
    expect_shape(done, "done");
    expect_shape(terminated, "terminated");

    torch::NoGradGuard no_grad;
    const auto options = rewards.options();
    const auto is_terminated = terminated.to(torch::kBool);
    const auto next_value_kept = is_terminated.logical_not().to(options);
    const auto episode_continues =
        done.to(torch::kBool).logical_or(is_terminated).logical_not().to(options);

    const auto value_estimates = values.detach().to(options);
    const auto deltas = rewards.detach() +
                        gamma * next_values.detach().to(options) * next_value_kept -
                        value_estimates;

    auto advantages = torch::empty_like(deltas);
    auto running = torch::zeros(deltas.sizes().slice(1), options);
    for (auto t = deltas.size(0) - 1; t >= 0; --t) {
        running = deltas[t] + gamma * lambda * episode_continues[t] * running;
        advantages[t].copy_(running);
    }
    return {advantages, advantages + value_estimates};
}

// Rescales advantages to mean 0 and (unbiased) standard deviation 1, so that the policy
// step size does not depend on the reward scale. As the original (and CleanRL) do it,
// per minibatch, with the standard deviation floored at 1e-6 for a constant minibatch.
// With `acting` (bool, same shape) the statistics come from the samples where the agent
// acted, the only ones whose advantage reaches a gradient; the others are shifted and
// scaled alike. Fewer than two samples have no spread: they are left as they are.
inline torch::Tensor normalise_advantages(const torch::Tensor& advantages,
                                          const torch::Tensor& acting = {}) {
    const auto samples = acting.defined() ? advantages.masked_select(acting) : advantages;
    if (samples.numel() < 2) {
        return advantages;
    }
    return (advantages - samples.mean()) / samples.std().clamp_min(1e-6);
}

} // namespace nip::sdk::rl
