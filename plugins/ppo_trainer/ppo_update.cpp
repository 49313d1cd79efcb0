#include "ppo_update.hpp"

#include <set>

namespace ppo {

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

AgentUpdater::AgentUpdater(const nip::sdk::AgentParts& parts, const Params& params,
                           double lr_factor)
    : parts_(parts), params_(params), lr_(params.lr * lr_factor),
      parameters_(agent_parameters(parts)),
      optimizer_(std::make_unique<torch::optim::Adam>(
          parameters_, torch::optim::AdamOptions(params.lr * lr_factor).eps(1e-5))),
      kl_penalty_(params.kl_target, params.kl_beta, params.kl_decrement, params.kl_increment),
      critic_loss_(nip::sdk::rl::critic_loss_from_name(params.critic_loss)) {}

nip::sdk::rl::PpoLossTerms AgentUpdater::minibatch_loss(const AgentBatch& batch,
                                                        const torch::Tensor& indices) {
    nip::sdk::TensorMap observation;
    for (const auto& [key, tensor] : batch.observation) {
        observation[key] = tensor.index({indices});
    }
    const auto forward = nip::sdk::rl::run_agent(parts_, observation);
    const auto decides = batch.decides.index({indices});
    const auto scores = nip::sdk::rl::score_actions(
        forward.policy, batch.message.index({indices}), batch.decision.index({indices}),
        batch.active_channels.index({indices}), decides);
    const auto old_log_prob = batch.old_log_prob.index({indices});
    const auto advantage = batch.advantage.index({indices});
    const auto value_target = batch.value_target.index({indices});
    if (params_.loss_type == "clip") {
        return nip::sdk::rl::clipped_ppo_loss(scores.log_prob, old_log_prob, advantage,
                                              forward.value, value_target, scores.entropy,
                                              params_.clip_epsilon, params_.critic_coefficient,
                                              params_.entropy_coefficient, critic_loss_);
    }
    // Actions come from the old policy, so old - new log-probability estimates the KL.
    const auto kl = old_log_prob - scores.log_prob;
    auto terms = kl_penalty_.loss(scores.log_prob, old_log_prob, advantage, forward.value,
                                  value_target, scores.entropy, kl, params_.critic_coefficient,
                                  params_.entropy_coefficient, critic_loss_);
    kl_penalty_.adapt(terms.kl_divergence.item<double>());
    return terms;
}

UpdateStats AgentUpdater::update(const AgentBatch& batch, torch::Generator& generator,
                                 double lr_fraction) {
    for (auto& group : optimizer_->param_groups()) {
        static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr_ * lr_fraction);
    }
    UpdateStats stats;
    std::int64_t count = 0;
    const auto num_samples = batch.old_log_prob.size(0);
    for (std::int64_t epoch = 0; epoch < params_.num_epochs; ++epoch) {
        for (const auto& indices : nip::sdk::rl::shuffled_minibatch_indices(
                 num_samples, params_.minibatch_size, generator)) {
            const auto on_device = indices.to(batch.old_log_prob.device());
            const auto terms = minibatch_loss(batch, on_device);
            optimizer_->zero_grad();
            terms.total().backward();
            torch::nn::utils::clip_grad_norm_(parameters_, params_.max_grad_norm);
            optimizer_->step();

            stats.loss_objective += terms.objective.item<double>();
            stats.loss_critic += terms.critic.item<double>();
            stats.loss_entropy += terms.entropy_term.item<double>();
            stats.entropy += terms.entropy.item<double>();
            stats.kl_divergence += terms.kl_divergence.item<double>();
            stats.clip_fraction += terms.clip_fraction.item<double>();
            ++count;
        }
    }
    for (double* value : {&stats.loss_objective, &stats.loss_critic, &stats.loss_entropy,
                          &stats.entropy, &stats.kl_divergence, &stats.clip_fraction}) {
        *value /= static_cast<double>(count);
    }
    return stats;
}

} // namespace ppo
