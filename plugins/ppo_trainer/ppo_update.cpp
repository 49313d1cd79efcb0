#include "ppo_update.hpp"

#include <set>

#include "nip/sdk/side_by_side.hpp"

namespace ppo {

namespace {

nip::sdk::TensorMap map_rows(const nip::sdk::TensorMap& tensors, const torch::Tensor& indices) {
    nip::sdk::TensorMap out;
    for (const auto& [key, tensor] : tensors) {
        out[key] = tensor.index_select(0, indices);
    }
    return out;
}

} // namespace

UpdateBatch UpdateBatch::rows(const torch::Tensor& indices) const {
    return {map_rows(observation, indices),     message.index_select(0, indices),
            decision.index_select(0, indices),  active_channels.index_select(0, indices),
            decides.index_select(0, indices),   old_log_prob.index_select(0, indices),
            advantage.index_select(0, indices), value_target.index_select(0, indices)};
}

UpdateBatch UpdateBatch::slice(std::int64_t start, std::int64_t length) const {
    UpdateBatch out;
    for (const auto& [key, tensor] : observation) {
        out.observation[key] = tensor.narrow(0, start, length);
    }
    out.message = message.narrow(0, start, length);
    out.decision = decision.narrow(0, start, length);
    out.active_channels = active_channels.narrow(0, start, length);
    out.decides = decides.narrow(0, start, length);
    out.old_log_prob = old_log_prob.narrow(0, start, length);
    out.advantage = advantage.narrow(0, start, length);
    out.value_target = value_target.narrow(0, start, length);
    return out;
}

std::vector<torch::Tensor> agent_parameters(const nip::sdk::AgentParts& parts) {
    std::vector<torch::Tensor> parameters;
    std::set<const void*> seen;
    const auto add = [&](const std::shared_ptr<torch::nn::Module>& module) {
        if (!module) {
            return;
        }
        for (const auto& parameter : module->parameters()) {
            if (seen.insert(parameter.unsafeGetTensorImpl()).second) {
                parameters.push_back(parameter);
            }
        }
    };
    add(parts.body);
    add(parts.value_body);
    add(parts.policy_head);
    add(parts.value_head);
    return parameters;
}

AgentLearner::AgentLearner(const nip::sdk::AgentParts& parts, std::int64_t index,
                           const Params& params, double lr_factor)
    : parts_(parts), index_(index), params_(params), lr_(params.lr * lr_factor),
      parameters_(agent_parameters(parts)),
      // Adam with eps 1e-5, as the original's optimiser.
      adam_(parameters_.numel(), 1e-5, 0.9, 0.999, parameters_.data().options()),
      kl_penalty_(params.kl_target, params.kl_beta, params.kl_decrement, params.kl_increment),
      critic_loss_(nip::sdk::rl::critic_loss_from_name(params.critic_loss)) {}

nip::sdk::rl::PpoLossTerms AgentLearner::loss(const UpdateBatch& minibatch) {
    const auto forward = nip::sdk::rl::run_agent(parts_, minibatch.observation);
    const auto active = minibatch.active_channels.select(1, index_);
    const auto decides = minibatch.decides.select(1, index_);
    const auto scores =
        nip::sdk::rl::score_actions(forward.policy, minibatch.message.select(1, index_),
                                    minibatch.decision.select(1, index_), active, decides);
    // The frames where this agent acted: only there does its policy get a gradient.
    const auto acting = active.any(-1).logical_or(decides);
    const auto old_log_prob = minibatch.old_log_prob.select(1, index_);
    auto advantage = minibatch.advantage.select(1, index_);
    if (params_.normalize_advantage) {
        advantage = nip::sdk::rl::normalise_advantages(advantage, acting);
    }
    const auto value_target = minibatch.value_target.select(1, index_);
    if (params_.loss_type == "clip") {
        return nip::sdk::rl::clipped_ppo_loss(scores.log_prob, old_log_prob, advantage,
                                              forward.value, value_target, scores.entropy,
                                              params_.clip_epsilon, params_.critic_coefficient,
                                              params_.entropy_coefficient, critic_loss_, acting);
    }
    // Actions come from the old policy, so old - new log-probability estimates the KL.
    const auto kl = old_log_prob - scores.log_prob;
    auto terms = kl_penalty_.loss(scores.log_prob, old_log_prob, advantage, forward.value,
                                  value_target, scores.entropy, kl, params_.critic_coefficient,
                                  params_.entropy_coefficient, critic_loss_, acting);
    kl_penalty_.adapt(terms.kl_divergence.item<double>());
    return terms;
}

PpoUpdate::PpoUpdate(const std::vector<const nip::sdk::AgentParts*>& agents,
                     const std::vector<double>& lr_factors, const Params& params)
    : params_(params) {
    for (std::size_t a = 0; a < agents.size(); ++a) {
        learners_.push_back(std::make_unique<AgentLearner>(*agents[a], static_cast<std::int64_t>(a),
                                                           params, lr_factors.at(a)));
    }
}

std::vector<std::optional<AgentStats>> PpoUpdate::update(const UpdateBatch& batch,
                                                         const std::vector<bool>& learning,
                                                         torch::Generator& generator,
                                                         double lr_fraction) {
    std::vector<std::size_t> learners;
    for (std::size_t a = 0; a < learners_.size(); ++a) {
        if (learning.at(a)) {
            learners.push_back(a);
        }
    }
    std::vector<std::vector<std::size_t>> groups;
    if (params_.joint_update) {
        groups.push_back(learners);
    } else {
        for (const auto a : learners) {
            groups.push_back({a});
        }
    }
    // Per agent: the running sum of its six loss terms, and its number of steps.
    std::vector<torch::Tensor> sums(learners_.size());
    std::vector<std::int64_t> steps(learners_.size(), 0);
    for (const auto& group : groups) {
        if (group.empty()) {
            continue;
        }
        std::int64_t group_steps = 0;
        train_group(batch, group, generator, lr_fraction, sums, group_steps);
        for (const auto a : group) {
            steps[a] = group_steps;
        }
    }
    std::vector<std::optional<AgentStats>> stats(learners_.size());
    for (const auto a : learners) {
        const auto mean = (sums[a] / static_cast<double>(steps[a])).to(torch::kDouble).cpu();
        const auto* values = mean.data_ptr<double>();
        stats[a] = AgentStats{values[0], values[1], values[2], values[3], values[4], values[5]};
    }
    return stats;
}

void PpoUpdate::train_group(const UpdateBatch& batch, const std::vector<std::size_t>& group,
                            torch::Generator& generator, double lr_fraction,
                            std::vector<torch::Tensor>& sums, std::int64_t& steps) {
    std::vector<nip::sdk::FlatParameters*> parameters;
    for (const auto a : group) {
        parameters.push_back(&learners_[a]->parameters());
    }
    const auto num_samples = batch.size();
    for (std::int64_t epoch = 0; epoch < params_.num_epochs; ++epoch) {
        // One shuffle per epoch, applied to every tensor at once; minibatches are then
        // contiguous slices of it.
        const auto order =
            torch::randperm(num_samples, generator, torch::kLong).to(batch.old_log_prob.device());
        const auto shuffled = batch.rows(order);
        for (std::int64_t start = 0; start < num_samples; start += params_.minibatch_size) {
            const auto minibatch =
                shuffled.slice(start, std::min(params_.minibatch_size, num_samples - start));
            for (auto* flat : parameters) {
                flat->zero_grad();
            }
            // The gradient of the summed loss, agent by agent: their parameters are
            // disjoint, so each agent's backward pass gives its part of it, and the agents
            // can run side by side.
            nip::sdk::for_each_side_by_side(group.size(), [&](std::size_t k) {
                const auto a = group[k];
                const auto terms = learners_[a]->loss(minibatch);
                terms.total().backward();
                const auto row = torch::stack({terms.objective.detach(), terms.critic.detach(),
                                               terms.entropy_term.detach(), terms.entropy,
                                               terms.kl_divergence, terms.clip_fraction});
                sums[a] = sums[a].defined() ? sums[a] + row : row;
            });
            nip::sdk::clip_flat_gradients(parameters, params_.max_grad_norm);
            for (const auto a : group) {
                auto& learner = *learners_[a];
                learner.adam().step(learner.parameters(), learner.lr() * lr_fraction);
            }
            ++steps;
        }
    }
}

} // namespace ppo
