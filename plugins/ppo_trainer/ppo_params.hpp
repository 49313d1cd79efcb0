// Every hyper-parameter of ppo_trainer in one place: the defaults the plugin declares
// (grouped as the original groups them: `rl.*` for the shared RL loop, `ppo.*` for the
// loss) and the struct the trainer reads them into.
#pragma once

#include <cstdint>
#include <string>

#include <nip/sdk/hyper_params.hpp>

namespace ppo {

// The defaults are the default experiment: they train on a 2-core CPU in minutes. The
// original's GI experiments used frames_per_batch 2048, num_epochs 10, minibatch_size 256,
// lr 0.0003, gamma 0.95 and 5000 iterations.
inline constexpr const char* default_hyper_params_json = R"json({
  "rl": {
    "num_iterations": 700,
    "num_test_iterations": 10,
    "frames_per_batch": 2048,
    "num_envs": 256,
    "num_epochs": 4,
    "minibatch_size": 256,
    "lr": 0.001,
    "anneal_lr": false,
    "max_grad_norm": 0.5,
    "gamma": 0.95,
    "lmbda": 0.95,
    "critic_loss": "smooth_l1",
    "normalize_observations": true,
    "num_normalization_steps": 1000,
    "update_schedule": "constant",
    "update_schedule_period": 10,
    "update_schedule_first_agent_iterations": 5,
    "update_schedule_first_agent": "verifier",
    "joint_update": true
  },
  "ppo": {
    "loss_type": "clip",
    "clip_epsilon": 0.2,
    "kl_target": 0.01,
    "kl_beta": 1.0,
    "kl_decrement": 0.5,
    "kl_increment": 2.0,
    "critic_coefficient": 1.0,
    "entropy_coefficient": 0.001,
    "normalize_advantage": true
  }
})json";

inline constexpr const char* hyper_params_schema_json = R"json({
  "rl.num_iterations": {"min": 1},
  "rl.num_test_iterations": {"min": 0},
  "rl.frames_per_batch": {"min": 1},
  "rl.num_envs": {"min": 1},
  "rl.num_epochs": {"min": 1},
  "rl.minibatch_size": {"min": 1},
  "rl.lr": {"min": 0, "exclusive_min": true},
  "rl.max_grad_norm": {"min": 0, "exclusive_min": true},
  "rl.gamma": {"min": 0, "max": 1},
  "rl.lmbda": {"min": 0, "max": 1},
  "rl.critic_loss": {"choices": ["smooth_l1", "l2", "l1"]},
  "rl.num_normalization_steps": {"min": 2},
  "rl.update_schedule": {"choices": ["constant", "alternating_periodic"]},
  "rl.update_schedule_period": {"min": 2},
  "rl.update_schedule_first_agent_iterations": {"min": 1},
  "ppo.loss_type": {"choices": ["clip", "kl_penalty"]},
  "ppo.clip_epsilon": {"min": 0, "max": 1, "exclusive_max": true},
  "ppo.kl_target": {"min": 0, "exclusive_min": true},
  "ppo.kl_beta": {"min": 0},
  "ppo.kl_decrement": {"min": 0, "max": 1, "exclusive_min": true},
  "ppo.kl_increment": {"min": 1},
  "ppo.critic_coefficient": {"min": 0},
  "ppo.entropy_coefficient": {"min": 0}
})json";

struct Params {
    std::int64_t num_iterations, num_test_iterations;
    std::int64_t frames_per_batch, num_envs, steps_per_env;
    std::int64_t num_epochs, minibatch_size;
    double lr;
    bool anneal_lr;
    double max_grad_norm, gamma, lmbda;
    std::string critic_loss;
    bool normalize_observations;
    std::int64_t num_normalization_steps;
    std::string update_schedule;
    std::int64_t update_schedule_period, update_schedule_first_agent_iterations;
    std::string update_schedule_first_agent;
    bool joint_update;
    std::string loss_type;
    double clip_epsilon, kl_target, kl_beta, kl_decrement, kl_increment;
    double critic_coefficient, entropy_coefficient;
    bool normalize_advantage;
    std::uint64_t seed;

    // Reads and cross-checks them; throws std::invalid_argument naming the keys.
    static Params from(const nip::sdk::HyperParams& hyper_params);
};

} // namespace ppo
