// The graph-isomorphism agent body (architecture: see nip/core/gi_agents.hpp).
#pragma once

#include <cstdint>
#include <vector>

#include "gin_layer.hpp"
#include "masked_transformer_layer.hpp"
#include "nip/core/scenarios/graph_isomorphism/agents.hpp"
#include "seeded_layers.hpp"

namespace nip::core::gi_agents {

class GiBody final : public sdk::AgentBody {
public:
    GiBody(const GiAgentParams& params, std::int64_t max_nodes, std::int64_t max_rounds,
           std::int64_t num_channels, const std::vector<std::int64_t>& visible_channels,
           at::Generator& generator);

    sdk::Representation forward(const sdk::TensorMap& observation) override;

private:
    std::int64_t max_nodes_;
    std::int64_t max_rounds_;
    std::int64_t num_channels_;
    std::int64_t num_visible_channels_;
    std::int64_t d_gnn_input_;
    std::int64_t d_transformer_;

    // Constants kept as buffers so that they follow the module to its device.
    torch::Tensor visible_channels_;  // (Cv) int64
    torch::Tensor pooled_marker_;     // (1, 2N + 2, 2): which pooled token a token is, if any
    torch::Tensor attention_allowed_; // (1, 2N + 2, 2N + 2) bool, before padding is masked

    SeededLinear node_input_;
    std::vector<GinLayer> gin_layers_;
    SeededLinear token_input_;
    std::vector<MaskedTransformerLayer> transformer_layers_;
    SeededLinear pooled_output_;
};

} // namespace nip::core::gi_agents
