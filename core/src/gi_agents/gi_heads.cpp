#include "gi_heads.hpp"

#include <limits>

#include "gi_observation.hpp"

namespace nip::core::gi_agents {
namespace {

torch::Tensor round_values(std::int64_t max_rounds) {
    return torch::arange(max_rounds, torch::kInt64);
}

// "pooled" (B, d) and the round's one-hot (B, R), side by side.
torch::Tensor pooled_with_round(const sdk::Representation& body, const sdk::TensorMap& observation,
                                std::int64_t d_transformer, const torch::Tensor& values,
                                const std::string& reader) {
    const auto& pooled = checked_tensor(body, "pooled", {-1, d_transformer}, reader);
    const auto& round = checked_tensor(observation, "round", {pooled.size(0)}, reader);
    return torch::cat({pooled, round_one_hot(round, values)}, 1);
}

} // namespace

GiPolicyHead::GiPolicyHead(const GiAgentParams& params, std::int64_t max_nodes,
                           std::int64_t max_rounds, std::int64_t num_channels,
                           at::Generator& generator)
    : max_nodes_(max_nodes), d_transformer_(params.d_transformer),
      round_values_(register_buffer("round_values", round_values(max_rounds))),
      node_selector_(register_module(
          "node_selector", TanhMlp(params.d_transformer, params.d_head, num_channels, generator))),
      decider_(register_module(
          "decider", TanhMlp(params.d_transformer + max_rounds, params.d_head, 3, generator))) {}

sdk::PolicyOutput GiPolicyHead::forward(const sdk::Representation& body,
                                        const sdk::TensorMap& observation) {
    static const std::string reader = "graph-isomorphism policy head";
    const auto& nodes = checked_tensor(body, "nodes", {-1, 2 * max_nodes_, d_transformer_}, reader);
    const auto batch = nodes.size(0);
    const auto is_padding = checked_tensor(observation, "node_mask", {batch, 2, max_nodes_}, reader)
                                .to(torch::kBool)
                                .logical_not()
                                .reshape({batch, 1, 2 * max_nodes_});

    sdk::PolicyOutput output;
    output.message_logits = node_selector_(nodes).transpose(1, 2).masked_fill(
        is_padding, -std::numeric_limits<float>::infinity());
    output.decision_logits =
        decider_(pooled_with_round(body, observation, d_transformer_, round_values_, reader));
    return output;
}

GiValueHead::GiValueHead(const GiAgentParams& params, std::int64_t max_rounds,
                         at::Generator& generator)
    : d_transformer_(params.d_transformer),
      round_values_(register_buffer("round_values", round_values(max_rounds))),
      value_(register_module(
          "value", TanhMlp(params.d_transformer + max_rounds, params.d_head, 1, generator))) {}

torch::Tensor GiValueHead::forward(const sdk::Representation& body,
                                   const sdk::TensorMap& observation) {
    static const std::string reader = "graph-isomorphism value head";
    return value_(pooled_with_round(body, observation, d_transformer_, round_values_, reader))
        .squeeze(-1);
}

GiSoloHead::GiSoloHead(const GiAgentParams& params, at::Generator& generator)
    : d_transformer_(params.d_transformer),
      classifier_(register_module("classifier",
                                  TanhMlp(params.d_transformer, params.d_head, 2, generator))) {}

torch::Tensor GiSoloHead::forward(const sdk::Representation& body,
                                  const sdk::TensorMap& /*observation*/) {
    return classifier_(
        checked_tensor(body, "pooled", {-1, d_transformer_}, "graph-isomorphism solo head"));
}

} // namespace nip::core::gi_agents
