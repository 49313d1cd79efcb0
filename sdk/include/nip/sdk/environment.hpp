// A batched environment: B games of the scenario played at once, tensors throughout.
//
// Observations and actions are named tensors whose first dimension is the batch. Agents
// and channels are ordered as the protocol handler lists them. A finished game is
// replaced by a fresh one inside step() (auto-reset), so every slot always holds a game
// in play; the step result says which games ended, how, and with what rewards.
// Every observation holds "round" (B) int64, the round about to be played,
// "game_seed" (B) int64, which protocols with random turns use, and "message_mask"
// (B, M) bool, the message choices that are valid in each game; the rest is the
// scenario's.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <torch/types.h>

#include "nip/sdk/state.hpp"

namespace nip::sdk {

using TensorMap = std::map<std::string, torch::Tensor>;

struct EnvironmentStep {
    // What the agents see next: the following round, or a fresh game where one ended.
    TensorMap next_observation;
    torch::Tensor reward;     // (B, A) float: each agent's reward for this step
    torch::Tensor done;       // (B) bool: the game ended at this step
    torch::Tensor terminated; // (B) bool: it ended by running out of rounds (no decision)
    torch::Tensor decided;    // (B) bool: it ended by a verifier's decision
    torch::Tensor accepted;   // (B) bool: that decision was accept
    torch::Tensor label;      // (B) int64: the true answer of the game that was played
    torch::Tensor datapoint;  // (B) int64: its index in the dataset split
    torch::Tensor length;     // (B) int64: rounds played so far in it, this step included
};

class Environment {
public:
    virtual ~Environment() = default;

    virtual std::int64_t batch_size() const = 0;
    // M: how many choices one message has (for graph isomorphism, 2N: a node of either graph).
    virtual std::int64_t message_space_size() const = 0;
    // Observation keys holding real-valued features worth normalising (the trainer's
    // observation normalisation looks at these only).
    virtual std::vector<std::string> feature_keys() const = 0;
    virtual std::int64_t dataset_size() const = 0;

    // Starts a fresh game in every slot; returns the first observation.
    virtual TensorMap reset() = 0;
    // Plays one round in every game. `actions` holds "message" (B, A, C) int64 in [0, M)
    // and "decision" (B, A) int64 (0 reject, 1 accept, 2 continue); entries of agents not
    // active at a game's round are ignored. Zero-knowledge protocols also read
    // "message_logits" (B, A, C, M) and "decision_logits" (B, A, 3).
    virtual EnvironmentStep step(const TensorMap& actions) = 0;

    // Everything needed to continue exactly (games in flight, the sampling RNG).
    virtual StateBlob state() const = 0;
    virtual void load_state(const StateBlob& state) = 0;
    // The observation of the games in play (what reset() or the last step returned, or,
    // after load_state, what the saved environment's was): a resumed trainer takes the
    // observation it continues from here rather than saving its own copy, so that its
    // checkpoints hold no observation keys that a later version may rename. Throws
    // std::logic_error before the first reset().
    virtual TensorMap observation() const = 0;
};

} // namespace nip::sdk
