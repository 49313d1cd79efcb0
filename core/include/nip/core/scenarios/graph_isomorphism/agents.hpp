// The graph-isomorphism agents, built as the SDK's agent parts.
//
// Body: each node's message-history column (over the channels its agent can see) -> linear -> GIN
// layers on each graph -> sum pooling per graph, made pair-invariant (the pair's mean and half its
// absolute difference) -> transformer layers over all node tokens (each with the most recent
// message at that node as an extra input feature) and the two pooled tokens, where a node attends
// to the other graph's nodes, the pooled tokens and itself. Padding nodes never influence
// anything. Representation: "nodes" (B, 2N, d_transformer), "pooled" (B, d_transformer).
// Heads are two-layer tanh MLPs of width d_head: the policy (per-node message logits per
// channel, -inf at padding nodes and, for a prover, at the graph the last message named;
// decision logits from "pooled" and the round), the value
// (from "pooled" and the round) and the solo classifier (from "pooled").
//
// Observation keys read: "adjacency" (B, 2, N, N) float, "node_mask" (B, 2, N) bool,
// "message_history" (B, R, C, 2N) float, "message" (B, C, 2N) float, "round" (B) int64.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <torch/types.h>

#include "nip/sdk/agent.hpp"
#include "nip/sdk/hyper_params.hpp"

namespace nip::core {

// One agent's hyper-parameters, the keys under "agents.<name>." (defaults: the GI
// experiments' prover).
struct GiAgentParams {
    std::int64_t num_gnn_layers = 5;
    std::int64_t d_gnn_input = 16;  // width of the node states inside the GIN
    std::int64_t d_gnn_hidden = 64; // hidden width of each GIN layer's MLP
    std::int64_t d_transformer = 16;
    std::int64_t num_transformer_layers = 1;
    std::int64_t num_heads = 4;
    std::int64_t d_transformer_ff = 64;
    std::int64_t d_head = 16;
    // true: actor and critic share one body; false: the critic gets its own
    // (AgentParts::value_body).
    bool shared_body = true;
    // Scales the trainer's learning rate for this agent; the architecture ignores it.
    double agent_lr_factor = 1.0;
};

// Reads agents.<agent_name>.<key> for every field. Throws UsageError naming the key when a
// value is out of range (sizes >= 1, layer counts >= 0, d_transformer divisible by
// num_heads, agent_lr_factor >= 0).
GiAgentParams gi_agent_params_from(const sdk::HyperParams& hyper_params,
                                   const std::string& agent_name);

// Same checks on a struct; `where` prefixes the key in the message ("agents.prover").
void validate_gi_agent_params(const GiAgentParams& params, const std::string& where);

// The parts a trainer of `trainer_type` (NIP_TRAINER_RL or NIP_TRAINER_SOLO_AGENT) gets:
// rl: body, policy_head, value_head, and value_body when !params.shared_body; solo_agent:
// body and solo_head. `visible_channels` lists the channel indices the agent may read.
// `prover`: the policy may only name nodes of the graph the last message did not name (the
// original's rule for provers; see GiPolicyHead).
//
// Parameters are created on the CPU from generators seeded from `seed` (one per part,
// seeded with agent_seed(seed, part name)), never from torch's global generator, then moved
// to `device`: equal seeds give bitwise equal parameters whatever ran before, and the
// global generator is left untouched. Weights are orthogonal (gain 1), biases zero, as in
// the original library. Throws std::invalid_argument for sizes or channels out of range.
sdk::AgentParts build_gi_agent_parts(const GiAgentParams& params, std::int32_t trainer_type,
                                     std::int64_t max_nodes, std::int64_t max_rounds,
                                     std::int64_t num_channels,
                                     std::vector<std::int64_t> visible_channels, std::uint64_t seed,
                                     torch::Device device, bool prover = false);

// A seed for `agent_name` within a run: the first 8 bytes (big-endian) of the SHA-256 of
// "<run_seed>:<agent_name>". Stable across processes, machines and builds.
std::uint64_t agent_seed(std::uint64_t run_seed, const std::string& agent_name);

// The "agents" section of the hyper-parameter defaults, as JSON text:
// {"prover": {...}, "verifier": {...}} with the GI experiments' values (prover 5 GNN
// layers, verifier 2, one transformer layer) and every GiAgentParams key.
std::string gi_agent_default_hyper_params_json();

} // namespace nip::core
