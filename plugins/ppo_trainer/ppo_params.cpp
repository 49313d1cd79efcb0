#include <stdexcept>

#include "ppo_params.hpp"

namespace ppo {

Params Params::from(const nip::sdk::HyperParams& h) {
    Params p{};
    p.num_iterations = h.get_int("rl.num_iterations");
    p.num_test_iterations = h.get_int("rl.num_test_iterations");
    p.frames_per_batch = h.get_int("rl.frames_per_batch");
    p.num_envs = h.get_int("rl.num_envs");
    p.num_epochs = h.get_int("rl.num_epochs");
    p.minibatch_size = h.get_int("rl.minibatch_size");
    p.lr = h.get_double("rl.lr");
    p.anneal_lr = h.get_bool("rl.anneal_lr");
    p.max_grad_norm = h.get_double("rl.max_grad_norm");
    p.gamma = h.get_double("rl.gamma");
    p.lmbda = h.get_double("rl.lmbda");
    p.critic_loss = h.get_string("rl.critic_loss");
    p.normalize_observations = h.get_bool("rl.normalize_observations");
    p.num_normalization_steps = h.get_int("rl.num_normalization_steps");
    p.update_schedule = h.get_string("rl.update_schedule");
    p.update_schedule_period = h.get_int("rl.update_schedule_period");
    p.update_schedule_first_agent_iterations =
        h.get_int("rl.update_schedule_first_agent_iterations");
    p.update_schedule_first_agent = h.get_string("rl.update_schedule_first_agent");
    p.joint_update = h.get_bool("rl.joint_update");
    p.loss_type = h.get_string("ppo.loss_type");
    p.clip_epsilon = h.get_double("ppo.clip_epsilon");
    p.kl_target = h.get_double("ppo.kl_target");
    p.kl_beta = h.get_double("ppo.kl_beta");
    p.kl_decrement = h.get_double("ppo.kl_decrement");
    p.kl_increment = h.get_double("ppo.kl_increment");
    p.critic_coefficient = h.get_double("ppo.critic_coefficient");
    p.entropy_coefficient = h.get_double("ppo.entropy_coefficient");
    p.normalize_advantage = h.get_bool("ppo.normalize_advantage");
    p.seed = static_cast<std::uint64_t>(h.get_int("seed"));

    // Each environment plays frames_per_batch / num_envs steps per iteration.
    if (p.frames_per_batch % p.num_envs != 0) {
        throw std::invalid_argument(
            "rl.frames_per_batch (" + std::to_string(p.frames_per_batch) +
            ") must be a multiple of rl.num_envs (" + std::to_string(p.num_envs) +
            "): each environment plays frames_per_batch / num_envs steps per iteration");
    }
    p.steps_per_env = p.frames_per_batch / p.num_envs;
    if (p.update_schedule == "alternating_periodic" &&
        p.update_schedule_first_agent_iterations >= p.update_schedule_period) {
        throw std::invalid_argument("rl.update_schedule_first_agent_iterations (" +
                                    std::to_string(p.update_schedule_first_agent_iterations) +
                                    ") must be below rl.update_schedule_period (" +
                                    std::to_string(p.update_schedule_period) + ")");
    }
    return p;
}

} // namespace ppo
