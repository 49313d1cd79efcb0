// One agent's PPO update on a collected rollout: epochs of shuffled minibatches, each a
// loss, a backward pass, gradient clipping and an optimiser step (CleanRL's ppo.py loop).
#pragma once

#include <map>
#include <memory>
#include <string>

#include <nip/sdk/agent.hpp>
#include <nip/sdk/rl.hpp>
#include <torch/torch.h>

#include "ppo_params.hpp"

namespace ppo {

// What the update feeds on, flattened over time and environments (N = T x B samples)
// and already reduced to this agent's column.
struct AgentBatch {
    nip::sdk::TensorMap observation; // key -> (N, ...)
    torch::Tensor message;           // (N, C)
    torch::Tensor decision;          // (N)
    torch::Tensor active_channels;   // (N, C)
    torch::Tensor decides;           // (N)
    torch::Tensor old_log_prob;      // (N)
    torch::Tensor advantage;         // (N), normalised if asked
    torch::Tensor value_target;      // (N)
};

// Mean loss terms over the minibatches of the update, for the metrics.
struct UpdateStats {
    double loss_objective = 0, loss_critic = 0, loss_entropy = 0, entropy = 0, kl_divergence = 0,
           clip_fraction = 0;
};

class AgentUpdater {
public:
    AgentUpdater(const nip::sdk::AgentParts& parts, const Params& params, double lr_factor);

    UpdateStats update(const AgentBatch& batch, torch::Generator& generator,
                       double lr_fraction = 1.0);

    torch::optim::Adam& optimizer() { return *optimizer_; }
    double kl_beta() const { return kl_penalty_.beta(); }
    void set_kl_beta(double beta) { kl_penalty_.set_beta(beta); }

private:
    nip::sdk::rl::PpoLossTerms minibatch_loss(const AgentBatch& batch,
                                              const torch::Tensor& indices);

    const nip::sdk::AgentParts& parts_;
    const Params& params_;
    double lr_;
    std::vector<torch::Tensor> parameters_;
    std::unique_ptr<torch::optim::Adam> optimizer_;
    nip::sdk::rl::KlPenaltyPpo kl_penalty_;
    nip::sdk::rl::CriticLoss critic_loss_;
};

// Every parameter of an agent's parts, each once (a shared body is listed once).
std::vector<torch::Tensor> agent_parameters(const nip::sdk::AgentParts& parts);

} // namespace ppo
