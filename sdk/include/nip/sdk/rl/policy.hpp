// Acting with an agent's policy: sampling messages and decisions, and scoring actions
// already taken (the log-probabilities and entropies a PPO update needs).
//
// An agent's action at a step is one message per channel it is active in, plus a
// decision when it is a verifier on its turn. Its log-probability is the sum over those
// parts; where the agent does not act, it is 0 (so the PPO ratio is 1 and the step gives
// the policy no gradient).
#pragma once

#include <cstdint>

#include <torch/torch.h>

#include "nip/sdk/agent.hpp"
#include "nip/sdk/protocol.hpp"

namespace nip::sdk::rl {

struct ActionScores {
    torch::Tensor log_prob;         // (B)
    torch::Tensor entropy;          // (B): of the parts the agent acts with
    torch::Tensor message_entropy;  // (B): mean over the agent's active channels (0 if none)
    torch::Tensor decision_entropy; // (B): 0 where it does not decide
    torch::Tensor max_message_prob; // (B): mean over active channels of the top probability
};

struct SampledActions {
    torch::Tensor message;  // (B, C) int64 (meaningful where the channel is active)
    torch::Tensor decision; // (B) int64 (continue where the agent does not decide)
    ActionScores scores;
};

namespace detail {

// Entropy of categorical distributions given log-probabilities; impossible choices
// (-inf) contribute 0 instead of NaN.
inline torch::Tensor categorical_entropy(const torch::Tensor& log_probs) {
    const auto probs = log_probs.exp();
    return -(probs * log_probs.masked_fill(probs == 0, 0.0)).sum(-1);
}

} // namespace detail

// Scores `message` (B, C) and `decision` (B) under `policy`. active_channels (B, C) bool
// says where the agent writes; decides (B) bool where its decision counts.
inline ActionScores score_actions(const PolicyOutput& policy, const torch::Tensor& message,
                                  const torch::Tensor& decision,
                                  const torch::Tensor& active_channels,
                                  const torch::Tensor& decides) {
    const auto message_log_probs = torch::log_softmax(policy.message_logits, -1);   // (B, C, M)
    const auto decision_log_probs = torch::log_softmax(policy.decision_logits, -1); // (B, 3)
    const auto channel_active = active_channels.to(message_log_probs.scalar_type());
    const auto deciding = decides.to(decision_log_probs.scalar_type());

    const auto chosen_message =
        message_log_probs.gather(-1, message.unsqueeze(-1)).squeeze(-1); // (B, C)
    const auto chosen_decision = decision_log_probs.gather(-1, decision.unsqueeze(-1)).squeeze(-1);
    // Masking by multiplication would turn an -inf of an inactive channel into NaN.
    const auto message_part = chosen_message.masked_fill(active_channels.logical_not(), 0.0);
    const auto decision_part = chosen_decision.masked_fill(decides.logical_not(), 0.0);

    const auto num_active = channel_active.sum(-1);
    const auto per_channel_entropy =
        detail::categorical_entropy(message_log_probs) * channel_active;
    const auto decision_entropy = detail::categorical_entropy(decision_log_probs) * deciding;
    const auto top_prob = std::get<0>(message_log_probs.exp().max(-1)) * channel_active;

    ActionScores scores;
    scores.log_prob = message_part.sum(-1) + decision_part;
    scores.entropy = per_channel_entropy.sum(-1) + decision_entropy;
    scores.message_entropy = per_channel_entropy.sum(-1) / num_active.clamp_min(1.0);
    scores.decision_entropy = decision_entropy;
    scores.max_message_prob = top_prob.sum(-1) / num_active.clamp_min(1.0);
    return scores;
}

// Gumbel-max sampling with noise drawn from a CPU generator: the same draws on any
// device, and the generator's state can be saved for an exact resume.
inline torch::Tensor sample_categorical(const torch::Tensor& logits, torch::Generator& generator) {
    const auto uniform = torch::rand(logits.sizes(), generator, torch::kFloat)
                             .clamp(1e-10, 1.0 - 1e-7)
                             .to(logits.device(), logits.scalar_type());
    return (logits - (-uniform.log()).log()).argmax(-1);
}

inline SampledActions sample_actions(const PolicyOutput& policy,
                                     const torch::Tensor& active_channels,
                                     const torch::Tensor& decides, torch::Generator& generator) {
    torch::NoGradGuard no_grad;
    SampledActions actions;
    actions.message = sample_categorical(policy.message_logits, generator);
    actions.decision = sample_categorical(policy.decision_logits, generator)
                           .masked_fill(decides.logical_not(), Decision::continue_game);
    actions.scores =
        score_actions(policy, actions.message, actions.decision, active_channels, decides);
    return actions;
}

// One agent's forward pass: policy and value (the critic's own body when it has one).
struct AgentForward {
    PolicyOutput policy;
    torch::Tensor value; // (B)
};

inline AgentForward run_agent(const AgentParts& parts, const TensorMap& observation) {
    const auto representation = parts.body->forward(observation);
    AgentForward out;
    out.policy = parts.policy_head->forward(representation, observation);
    out.value = parts.value_body
                    ? parts.value_head->forward(parts.value_body->forward(observation), observation)
                    : parts.value_head->forward(representation, observation);
    return out;
}

} // namespace nip::sdk::rl
