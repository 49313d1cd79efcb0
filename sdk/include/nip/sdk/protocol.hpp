// The interaction protocol: who speaks when, in which channels, who sees what, and how
// each step of a game is rewarded.
//
// Rounds count from 0. Each channel carries one message per round; an agent is active
// in a channel at a round when it writes that round's message there. Zero-knowledge
// variants add agents and channels; two-prover protocols add a channel per prover.
// Agents are indexed in the order of agent_names(), channels in that of
// message_channel_names(); batched tensors use the same orders.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <torch/types.h>

namespace nip::sdk {

// Decisions, as the decider's three logits are ordered.
enum Decision : std::int64_t { reject = 0, accept = 1, continue_game = 2 };

// One step of a batch of B games, as the reward rules see it.
struct StepInputs {
    torch::Tensor round;     // (B) int64: the round just played
    torch::Tensor decision;  // (B, A) int64: each agent's decision; inactive ones ignored
    torch::Tensor label;     // (B) int64: the true answer (1: accept is right)
    torch::Tensor game_seed; // (B) int64 >= 0: drawn afresh for each game (random turns)
    // Zero-knowledge protocols compare agents' distributions; others leave these undefined.
    torch::Tensor message_logits;  // (B, A, C, M)
    torch::Tensor decision_logits; // (B, A, 3)
};

struct StepOutcome {
    torch::Tensor reward;     // (B, A) float
    torch::Tensor decided;    // (B) bool: a verifier's counted decision ended the game
    torch::Tensor accepted;   // (B) bool: that decision was accept (false where not decided)
    torch::Tensor terminated; // (B) bool: the last round passed with no decision
    torch::Tensor done;       // (B) bool: decided or terminated
};

class ProtocolHandler {
public:
    virtual ~ProtocolHandler() = default;

    virtual std::string name() const = 0;
    virtual const std::vector<std::string>& agent_names() const = 0;
    virtual const std::vector<std::string>& message_channel_names() const = 0;
    virtual std::int64_t max_message_rounds() const = 0;
    virtual std::int64_t min_message_rounds() const = 0;

    // Whether `agent` may read `channel` (indices into the two name lists).
    virtual bool can_see_channel(std::size_t agent, std::size_t channel) const = 0;
    // Whether `agent` writes in `channel` at `round`. Turn choices that depend on the
    // game (merlin_arthur) use its `game_seed`; other protocols ignore it.
    virtual bool is_active(std::size_t agent, std::int64_t round, std::size_t channel,
                           std::int64_t game_seed = 0) const = 0;
    // Whether `agent` is a verifier (its decisions end the episode).
    virtual bool is_verifier(std::size_t agent) const = 0;

    // The reward rules: rewards, and whether each game ends, after one step.
    virtual StepOutcome step_outcome(const StepInputs& step) const = 0;

    // (B, A, C) bool: who is active at each game's round (false past the last round).
    torch::Tensor active_mask(const torch::Tensor& round,
                              const torch::Tensor& game_seed = {}) const {
        const auto num_agents = static_cast<std::int64_t>(agent_names().size());
        const auto num_channels = static_cast<std::int64_t>(message_channel_names().size());
        const auto batch = round.size(0);
        auto rounds = round.to(torch::kCPU, torch::kInt64).contiguous();
        auto seeds = game_seed.defined() ? game_seed.to(torch::kCPU, torch::kInt64).contiguous()
                                         : torch::zeros({batch}, torch::kInt64);
        auto mask = torch::zeros({batch, num_agents, num_channels}, torch::kBool);
        auto rounds_at = rounds.accessor<std::int64_t, 1>();
        auto seeds_at = seeds.accessor<std::int64_t, 1>();
        auto mask_at = mask.accessor<bool, 3>();
        for (std::int64_t b = 0; b < batch; ++b) {
            for (std::int64_t a = 0; a < num_agents; ++a) {
                for (std::int64_t c = 0; c < num_channels; ++c) {
                    mask_at[b][a][c] = is_active(static_cast<std::size_t>(a), rounds_at[b],
                                                 static_cast<std::size_t>(c), seeds_at[b]);
                }
            }
        }
        return mask.to(round.device());
    }

    // (B, A) bool: where an agent's decision counts, so that it is a real choice: a
    // verifier active at the round, from round min_message_rounds() - 1 on (the original's
    // _get_agent_decision_made_mask). Elsewhere a decision has no effect on the game; a
    // trainer must neither sample nor score it, or the policy learns from noise.
    torch::Tensor decision_mask(const torch::Tensor& round,
                                const torch::Tensor& game_seed = {}) const {
        const auto num_agents = static_cast<std::int64_t>(agent_names().size());
        auto verifier = torch::zeros({num_agents}, torch::kBool);
        for (std::int64_t a = 0; a < num_agents; ++a) {
            verifier[a] = is_verifier(static_cast<std::size_t>(a));
        }
        const auto counted_round = (round >= min_message_rounds() - 1).unsqueeze(1);
        return active_mask(round, game_seed).any(-1) & verifier.to(round.device()) & counted_round;
    }
};

} // namespace nip::sdk
