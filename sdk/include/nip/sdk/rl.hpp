// The shared RL machinery for trainers: acting with a policy, the multi-agent collection
// loop, rollout storage, GAE, PPO losses, minibatches, observation normalisation and
// update schedules. Header-only, depending on libtorch alone, so third-party trainers
// can use it too.
#pragma once

#include "nip/sdk/rl/episode_stats.hpp"
#include "nip/sdk/rl/gae.hpp"
#include "nip/sdk/rl/minibatches.hpp"
#include "nip/sdk/rl/multi_agent_rollout.hpp"
#include "nip/sdk/rl/observation_norm.hpp"
#include "nip/sdk/rl/policy.hpp"
#include "nip/sdk/rl/ppo_losses.hpp"
#include "nip/sdk/rl/rollout_buffer.hpp"
#include "nip/sdk/rl/update_schedule.hpp"
