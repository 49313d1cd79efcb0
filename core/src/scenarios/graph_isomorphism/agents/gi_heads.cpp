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
                           bool answer_in_other_graph, at::Generator& generator)
    : max_nodes_(max_nodes), num_channels_(num_channels), d_transformer_(params.d_transformer),
      answer_in_other_graph_(answer_in_other_graph),
      round_values_(register_buffer("round_values", round_values(max_rounds))),
      node_in_graph_b_(
          register_buffer("node_in_graph_b", torch::arange(2 * max_nodes).ge(max_nodes))),
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
    constexpr float never = -std::numeric_limits<float>::infinity();
    output.message_logits = node_selector_(nodes).transpose(1, 2).masked_fill(is_padding, never);
    if (answer_in_other_graph_) {
        // As the original's combined policy head does for provers: per channel, the graph
        // of the most recent message is read as "some node of graph A is above 0" in the
        // (normalised) message, and only the other graph's nodes may be named. With no
        // message yet nothing is above 0 (a zero normalises below 0), so graph A is open.
        const auto& message =
            checked_tensor(observation, "message", {batch, num_channels_, 2 * max_nodes_}, reader);
        const auto last_in_graph_a = message.narrow(2, 0, max_nodes_).amax(2).gt(0); // (B, C)
        const auto closed = node_in_graph_b_.view({1, 1, 2 * max_nodes_})
                                .ne(last_in_graph_a.unsqueeze(-1)); // (B, C, 2N)
        output.message_logits = output.message_logits.masked_fill(closed, never);
    }
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
