// The PPO update on a collected rollout (CleanRL's ppo.py loop): epochs of shuffled
// minibatches, each a loss, a backward pass, gradient clipping and an Adam step.
//
// With rl.joint_update (the original's way) every learning agent's loss on one minibatch
// is summed and stepped together: one minibatch sequence, one gradient clip over all
// their parameters. Without it, each agent walks its own minibatch sequence and clips
// alone. Adam is elementwise, so one Adam over all agents (the original's) and one per
// agent are the same update; each agent keeps its own learning rate and step count, so
// that an agent frozen by the update schedule resumes where it stopped.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nip/sdk/agent.hpp>
#include <nip/sdk/flat_adam.hpp>
#include <nip/sdk/rl.hpp>
#include <torch/torch.h>

#include "ppo_params.hpp"

namespace ppo {

// The frames an update learns from: the rollout flattened over time and environments
// (F = T x B), every agent's columns side by side.
struct UpdateBatch {
    nip::sdk::TensorMap observation; // key -> (F, ...), as the agents saw it
    torch::Tensor message;           // (F, A, C)
    torch::Tensor decision;          // (F, A)
    torch::Tensor active_channels;   // (F, A, C)
    torch::Tensor decides;           // (F, A)
    torch::Tensor old_log_prob;      // (F, A)
    torch::Tensor advantage;         // (F, A), as GAE gave them
    torch::Tensor value_target;      // (F, A)

    std::int64_t size() const { return old_log_prob.size(0); }
    // The rows at `indices`, copied (once per epoch: minibatches are then slices).
    UpdateBatch rows(const torch::Tensor& indices) const;
    // Rows [start, start + length), without copying.
    UpdateBatch slice(std::int64_t start, std::int64_t length) const;
};

// Mean loss terms of one agent over the minibatches of an update, for the metrics.
struct AgentStats {
    double loss_objective = 0, loss_critic = 0, loss_entropy = 0, entropy = 0, kl_divergence = 0,
           clip_fraction = 0;
};

// One agent's learning state: its parts, its parameters in one flat buffer, its Adam, and
// its KL-penalty coefficient.
class AgentLearner {
public:
    AgentLearner(const nip::sdk::AgentParts& parts, std::int64_t index, const Params& params,
                 double lr_factor);

    // The loss of this agent on a minibatch: its forward pass and PPO terms.
    nip::sdk::rl::PpoLossTerms loss(const UpdateBatch& minibatch);

    nip::sdk::FlatParameters& parameters() { return parameters_; }
    nip::sdk::FlatAdam& adam() { return adam_; }
    nip::sdk::rl::KlPenaltyPpo& kl_penalty() { return kl_penalty_; }
    double lr() const { return lr_; }

private:
    const nip::sdk::AgentParts& parts_;
    std::int64_t index_;
    const Params& params_;
    double lr_;
    nip::sdk::FlatParameters parameters_;
    nip::sdk::FlatAdam adam_;
    nip::sdk::rl::KlPenaltyPpo kl_penalty_;
    nip::sdk::rl::CriticLoss critic_loss_;
};

class PpoUpdate {
public:
    // `agents` in the protocol's order, each with its learning-rate factor.
    PpoUpdate(const std::vector<const nip::sdk::AgentParts*>& agents,
              const std::vector<double>& lr_factors, const Params& params);

    // Trains the agents marked in `learning` on `batch`; returns their stats (nullopt for
    // the others). Minibatch orders come from `generator`.
    std::vector<std::optional<AgentStats>> update(const UpdateBatch& batch,
                                                  const std::vector<bool>& learning,
                                                  torch::Generator& generator, double lr_fraction);

    AgentLearner& learner(std::size_t agent) { return *learners_.at(agent); }

private:
    void train_group(const UpdateBatch& batch, const std::vector<std::size_t>& group,
                     torch::Generator& generator, double lr_fraction,
                     std::vector<torch::Tensor>& sums, std::int64_t& steps);

    const Params& params_;
    std::vector<std::unique_ptr<AgentLearner>> learners_;
};

// Every parameter of an agent's parts, each once (a shared body is listed once).
std::vector<torch::Tensor> agent_parameters(const nip::sdk::AgentParts& parts);

} // namespace ppo
