// The graph-isomorphism agent heads: policy (message and decision), value, solo classifier.
#pragma once

#include <cstdint>

#include "nip/core/scenarios/graph_isomorphism/agents.hpp"
#include "seeded_layers.hpp"

namespace nip::core::gi_agents {

class GiPolicyHead final : public sdk::PolicyHead {
public:
    // answer_in_other_graph: the agent is a prover, which (as in the original) may only
    // name a node of the graph that the most recent message on the channel did not name.
    GiPolicyHead(const GiAgentParams& params, std::int64_t max_nodes, std::int64_t max_rounds,
                 std::int64_t num_channels, bool answer_in_other_graph, at::Generator& generator);

    // message_logits (B, C, 2N): one logit per node and channel, -inf at padding nodes (and,
    // for a prover, at the nodes of the graph the last message named: graph A when there
    // was none); decision_logits (B, 3) from "pooled" and the round.
    sdk::PolicyOutput forward(const sdk::Representation& body,
                              const sdk::TensorMap& observation) override;

private:
    std::int64_t max_nodes_;
    std::int64_t num_channels_;
    std::int64_t d_transformer_;
    bool answer_in_other_graph_;
    torch::Tensor round_values_;    // (R) int64: 0 .. R-1
    torch::Tensor node_in_graph_b_; // (2N) bool: message index >= N
    TanhMlp node_selector_;
    TanhMlp decider_;
};

class GiValueHead final : public sdk::ValueHead {
public:
    GiValueHead(const GiAgentParams& params, std::int64_t max_rounds, at::Generator& generator);

    // (B) from "pooled" and the round.
    torch::Tensor forward(const sdk::Representation& body,
                          const sdk::TensorMap& observation) override;

private:
    std::int64_t d_transformer_;
    torch::Tensor round_values_;
    TanhMlp value_;
};

class GiSoloHead final : public sdk::SoloHead {
public:
    GiSoloHead(const GiAgentParams& params, at::Generator& generator);

    // (B, 2) reject / accept logits from "pooled".
    torch::Tensor forward(const sdk::Representation& body,
                          const sdk::TensorMap& observation) override;

private:
    std::int64_t d_transformer_;
    TanhMlp classifier_;
};

} // namespace nip::core::gi_agents
