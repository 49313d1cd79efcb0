// The PPO losses of Schulman et al. 2017 ("Proximal Policy Optimization Algorithms"): the
// clipped surrogate and the adaptive KL penalty, each with a critic and an entropy term.
// The terms and their names follow TorchRL's ClipPPOLoss / KLPENPPOLoss, which the Python
// `nip` trainers log: loss_objective, loss_critic, loss_entropy, entropy, kl_divergence.
//
// Inputs are per-sample tensors of a minibatch. Advantages are used as given: normalise
// them first (normalise_advantages in gae.hpp) where the trainer wants that.
#pragma once

#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include <torch/types.h>

namespace nip::sdk::rl {

// How far the critic's values are from their targets (mean over the samples).
enum class CriticLoss {
    l1,        // |v - t|
    mse,       // (v - t)^2, TorchRL's "l2" (no factor 1/2)
    smooth_l1, // Huber with delta 1: (v - t)^2 / 2 within 1, |v - t| - 1/2 beyond
};

// The hyper-parameter spelling used by TorchRL and the Python `nip`: "l1", "l2" (or
// "mse"), "smooth_l1".
inline CriticLoss critic_loss_from_name(std::string_view name) {
    if (name == "l1") {
        return CriticLoss::l1;
    }
    if (name == "l2" || name == "mse") {
        return CriticLoss::mse;
    }
    if (name == "smooth_l1") {
        return CriticLoss::smooth_l1;
    }
    throw std::invalid_argument("Unknown critic loss '" + std::string(name) +
                                "'; use one of l1, l2 (or mse), smooth_l1");
}

namespace detail {

// Broadcasting (N) against (N, 1) would silently give an (N, N) loss: refuse it.
inline void expect_same_shape(const torch::Tensor& tensor, const char* name,
                              const torch::Tensor& reference, const char* reference_name) {
    if (tensor.sizes() != reference.sizes()) {
        std::ostringstream message;
        message << "PPO loss: " << name << " is shaped " << tensor.sizes() << " but "
                << reference_name << " is " << reference.sizes()
                << "; pass per-sample tensors of one shape";
        throw std::invalid_argument(message.str());
    }
}

// Mean of `values` over the samples where `acting` is true (all samples when `acting` is
// undefined); 0 when no sample acts.
inline torch::Tensor acting_mean(const torch::Tensor& values, const torch::Tensor& acting) {
    if (!acting.defined()) {
        return values.mean();
    }
    const auto weight = acting.to(values.scalar_type());
    return (values * weight).sum() / weight.sum().clamp_min(1.0);
}

} // namespace detail

// Mean distance between the critic's values and their targets; targets carry no gradient.
inline torch::Tensor critic_distance(const torch::Tensor& values, const torch::Tensor& targets,
                                     CriticLoss kind) {
    detail::expect_same_shape(values, "values", targets, "value_targets");
    const auto fixed_targets = targets.detach();
    switch (kind) {
    case CriticLoss::l1:
        return torch::l1_loss(values, fixed_targets);
    case CriticLoss::mse:
        return torch::mse_loss(values, fixed_targets);
    case CriticLoss::smooth_l1:
        return torch::smooth_l1_loss(values, fixed_targets, at::Reduction::Mean, 1.0);
    }
    throw std::invalid_argument("critic_distance: unknown CriticLoss value");
}

// The scalar terms of one PPO loss. Minimise total(); log the rest.
struct PpoLossTerms {
    torch::Tensor objective;     // loss_objective: the negated policy surrogate
    torch::Tensor critic;        // loss_critic: critic_coefficient * critic_distance
    torch::Tensor entropy_term;  // loss_entropy: -entropy_coefficient * mean entropy
    torch::Tensor entropy;       // mean entropy of the new policy (detached: a metric)
    torch::Tensor kl_divergence; // estimate of KL(old || new) (detached: a metric)
    torch::Tensor clip_fraction; // share of samples with |ratio - 1| > epsilon (detached)

    torch::Tensor total() const { return objective + critic + entropy_term; }
};

// Clipped PPO. With ratio r = exp(new_log_prob - old_log_prob) and advantage A:
//   objective = -mean(min(r A, clip(r, 1 - epsilon, 1 + epsilon) A))
// `acting` (bool, shaped like the log-probabilities, optional) marks the samples where the
// agent acted: the objective, entropy, KL and clip fraction are means over those alone (a
// sample where it did not act has ratio 1 and no gradient, and would only dilute them);
// the critic learns on every sample.
// The min makes the surrogate pessimistic: a sample whose clipped term is the smaller one
// gives no gradient, so one update cannot move the policy far from the one that acted.
// kl_divergence is the simple sample estimate mean(old_log_prob - new_log_prob) of
// KL(old || new) (unbiased for actions drawn from the old policy, but noisy and possibly
// negative on a minibatch). Shapes: the log-probabilities and advantages alike, values and
// targets alike, entropy any shape (its mean is used).
inline PpoLossTerms
clipped_ppo_loss(const torch::Tensor& new_log_prob, const torch::Tensor& old_log_prob,
                 const torch::Tensor& advantages, const torch::Tensor& values,
                 const torch::Tensor& value_targets, const torch::Tensor& entropy,
                 double clip_epsilon, double critic_coefficient, double entropy_coefficient,
                 CriticLoss critic_loss = CriticLoss::smooth_l1, const torch::Tensor& acting = {}) {
    if (!(clip_epsilon >= 0.0 && clip_epsilon < 1.0)) {
        throw std::invalid_argument("clipped_ppo_loss: clip_epsilon must lie in [0, 1), got " +
                                    std::to_string(clip_epsilon));
    }
    detail::expect_same_shape(old_log_prob, "old_log_prob", new_log_prob, "new_log_prob");
    detail::expect_same_shape(advantages, "advantages", new_log_prob, "new_log_prob");

    const auto log_ratio = new_log_prob - old_log_prob.detach();
    const auto ratio = log_ratio.exp();
    const auto fixed_advantages = advantages.detach();
    const auto unclipped_gain = ratio * fixed_advantages;
    const auto clipped_gain =
        ratio.clamp(1.0 - clip_epsilon, 1.0 + clip_epsilon) * fixed_advantages;

    PpoLossTerms terms;
    terms.objective = -detail::acting_mean(torch::min(unclipped_gain, clipped_gain), acting);
    terms.critic = critic_coefficient * critic_distance(values, value_targets, critic_loss);
    const auto mean_entropy = detail::acting_mean(entropy, acting);
    terms.entropy_term = -entropy_coefficient * mean_entropy;
    terms.entropy = mean_entropy.detach();
    terms.kl_divergence = detail::acting_mean((-log_ratio).detach(), acting);
    terms.clip_fraction = detail::acting_mean(
        ((ratio.detach() - 1.0).abs() > clip_epsilon).to(ratio.scalar_type()), acting);
    return terms;
}

// PPO with an adaptive KL penalty instead of clipping (TorchRL's KLPENPPOLoss):
//   objective = -mean(r A - beta KL(old || new))
// and beta follows the observed KL towards a target: above 1.5 x target it is multiplied
// by `increment`, below target / 1.5 by `decrement`, otherwise kept. TorchRL adapts after
// every loss evaluation (every minibatch) with that minibatch's mean KL; to match it:
//   auto terms = penalty.loss(...);
//   penalty.adapt(terms.kl_divergence.item<double>());
// beta is training state: save beta() with a checkpoint and set_beta() it on resume.
class KlPenaltyPpo {
public:
    explicit KlPenaltyPpo(double target_kl = 0.01, double beta = 1.0, double decrement = 0.5,
                          double increment = 2.0)
        : target_kl_(target_kl), decrement_(decrement), increment_(increment) {
        if (!(target_kl > 0.0)) {
            throw std::invalid_argument("KlPenaltyPpo: target_kl must be positive, got " +
                                        std::to_string(target_kl));
        }
        if (!(decrement > 0.0 && decrement <= 1.0)) {
            throw std::invalid_argument("KlPenaltyPpo: decrement must lie in (0, 1], got " +
                                        std::to_string(decrement));
        }
        if (!(increment >= 1.0)) {
            throw std::invalid_argument("KlPenaltyPpo: increment must be at least 1, got " +
                                        std::to_string(increment));
        }
        set_beta(beta);
    }

    // kl: per-sample KL(old || new), shaped like the log-probabilities; it keeps its
    // gradient, which is what pulls the new policy back towards the old one. `acting` as
    // for clipped_ppo_loss.
    // clip_fraction is 0: this variant never clips.
    PpoLossTerms loss(const torch::Tensor& new_log_prob, const torch::Tensor& old_log_prob,
                      const torch::Tensor& advantages, const torch::Tensor& values,
                      const torch::Tensor& value_targets, const torch::Tensor& entropy,
                      const torch::Tensor& kl, double critic_coefficient,
                      double entropy_coefficient, CriticLoss critic_loss = CriticLoss::smooth_l1,
                      const torch::Tensor& acting = {}) const {
        detail::expect_same_shape(old_log_prob, "old_log_prob", new_log_prob, "new_log_prob");
        detail::expect_same_shape(advantages, "advantages", new_log_prob, "new_log_prob");
        detail::expect_same_shape(kl, "kl", new_log_prob, "new_log_prob");

        const auto ratio = (new_log_prob - old_log_prob.detach()).exp();
        const auto gain = ratio * advantages.detach() - beta_ * kl;

        PpoLossTerms terms;
        terms.objective = -detail::acting_mean(gain, acting);
        terms.critic = critic_coefficient * critic_distance(values, value_targets, critic_loss);
        const auto mean_entropy = detail::acting_mean(entropy, acting);
        terms.entropy_term = -entropy_coefficient * mean_entropy;
        terms.entropy = mean_entropy.detach();
        terms.kl_divergence = detail::acting_mean(kl.detach(), acting);
        terms.clip_fraction = torch::zeros({}, ratio.options());
        return terms;
    }

    void adapt(double observed_kl) {
        if (observed_kl > 1.5 * target_kl_) {
            beta_ *= increment_;
        } else if (observed_kl < target_kl_ / 1.5) {
            beta_ *= decrement_;
        }
    }

    double beta() const { return beta_; }
    double target_kl() const { return target_kl_; }

    void set_beta(double beta) {
        if (!(std::isfinite(beta) && beta >= 0.0)) {
            throw std::invalid_argument("KlPenaltyPpo: beta must be finite and non-negative, "
                                        "got " +
                                        std::to_string(beta));
        }
        beta_ = beta;
    }

private:
    double target_kl_;
    double decrement_;
    double increment_;
    double beta_ = 1.0;
};

} // namespace nip::sdk::rl
