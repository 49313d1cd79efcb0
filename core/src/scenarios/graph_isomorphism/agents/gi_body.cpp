#include "gi_body.hpp"

#include <limits>

#include "gi_observation.hpp"

namespace nip::core::gi_agents {
namespace {

constexpr const char* reader = "graph-isomorphism agent body";

// Token order: the N nodes of graph A, the N nodes of graph B, then the pooled tokens of A
// and B. A node attends to the other graph's nodes, to both pooled tokens and to itself,
// as in the original library (which also let it see itself only through the pooled
// tokens; attending to itself keeps its own state in the residual stream explicitly).
// Pooled tokens attend to everything.
torch::Tensor attention_structure(std::int64_t max_nodes) {
    const auto num_tokens = 2 * max_nodes + 2;
    const auto token = torch::arange(num_tokens);
    const auto graph_of_token = torch::where(token < 2 * max_nodes, token.div(max_nodes, "floor"),
                                             torch::full_like(token, -1));
    const auto query_graph = graph_of_token.unsqueeze(1);
    const auto key_graph = graph_of_token.unsqueeze(0);
    const auto query_is_pooled = (query_graph < 0).expand({num_tokens, num_tokens});
    const auto key_is_pooled = (key_graph < 0).expand({num_tokens, num_tokens});
    const auto itself = torch::eye(num_tokens, torch::kBool);
    return (query_is_pooled | key_is_pooled | (query_graph != key_graph) | itself).unsqueeze(0);
}

torch::Tensor pooled_token_marker(std::int64_t max_nodes) {
    auto marker = torch::zeros({2 * max_nodes + 2, 2});
    marker.narrow(0, 2 * max_nodes, 2).copy_(torch::eye(2));
    return marker.unsqueeze(0);
}

} // namespace

GiBody::GiBody(const GiAgentParams& params, std::int64_t max_nodes, std::int64_t max_rounds,
               std::int64_t num_channels, const std::vector<std::int64_t>& visible_channels,
               at::Generator& generator)
    : max_nodes_(max_nodes), max_rounds_(max_rounds), num_channels_(num_channels),
      num_visible_channels_(static_cast<std::int64_t>(visible_channels.size())),
      d_gnn_input_(params.d_gnn_input), d_transformer_(params.d_transformer),
      visible_channels_(register_buffer(
          "visible_channels",
          torch::tensor(c10::ArrayRef<std::int64_t>(visible_channels), torch::kInt64))),
      pooled_marker_(register_buffer("pooled_marker", pooled_token_marker(max_nodes))),
      attention_allowed_(register_buffer("attention_allowed", attention_structure(max_nodes))),
      node_input_(register_module("node_input", SeededLinear(max_rounds * num_visible_channels_,
                                                             params.d_gnn_input, generator))),
      token_input_(nullptr), pooled_output_(nullptr) {
    for (std::int64_t i = 0; i < params.num_gnn_layers; ++i) {
        gin_layers_.push_back(
            register_module("gin_" + std::to_string(i),
                            GinLayer(params.d_gnn_input, params.d_gnn_hidden, generator)));
    }
    // A token's input: its GIN state (or pooled state), the pooled-token marker and the
    // most recent message's value at the token on each visible channel.
    token_input_ =
        register_module("token_input", SeededLinear(params.d_gnn_input + 2 + num_visible_channels_,
                                                    params.d_transformer, generator));
    for (std::int64_t i = 0; i < params.num_transformer_layers; ++i) {
        transformer_layers_.push_back(
            register_module("transformer_" + std::to_string(i),
                            MaskedTransformerLayer(params.d_transformer, params.num_heads,
                                                   params.d_transformer_ff, generator)));
    }
    pooled_output_ = register_module(
        "pooled_output", SeededLinear(2 * params.d_transformer, params.d_transformer, generator));
}

sdk::Representation GiBody::forward(const sdk::TensorMap& observation) {
    const auto n = max_nodes_;
    const auto& adjacency = checked_tensor(observation, "adjacency", {-1, 2, n, n}, reader);
    const auto batch = adjacency.size(0);
    const auto node_mask =
        checked_tensor(observation, "node_mask", {batch, 2, n}, reader).to(torch::kBool);
    const auto& history = checked_tensor(observation, "message_history",
                                         {batch, max_rounds_, num_channels_, 2 * n}, reader);
    const auto& message =
        checked_tensor(observation, "message", {batch, num_channels_, 2 * n}, reader);
    const auto& round = checked_tensor(observation, "round", {batch}, reader);

    // Padding nodes are cut out of the graphs here and zeroed after every layer, so nothing
    // they hold (history features, stray edges) reaches a real node.
    const auto node_mask_column = node_mask.to(torch::kFloat32).unsqueeze(-1);
    const auto real_adjacency =
        adjacency.to(torch::kFloat32) * node_mask_column * node_mask_column.transpose(-2, -1);

    // (B, 2, N, R * Cv): each node's column of the history over the visible channels.
    const auto node_history = history.to(torch::kFloat32)
                                  .index_select(2, visible_channels_)
                                  .flatten(1, 2)
                                  .transpose(1, 2)
                                  .reshape({batch, 2, n, max_rounds_ * num_visible_channels_});
    // As in the original, a node's input is its history alone: no feature says which graph
    // it is in, so swapping the graphs swaps the node outputs and keeps the decision.
    const auto& node_features = node_history;

    auto node_states = node_input_(node_features) * node_mask_column;
    for (auto& layer : gin_layers_) {
        node_states = layer(node_states, real_adjacency, node_mask_column);
    }
    // Sum pooling, as in the original: it keeps the node count, which alone can tell two
    // graphs apart. Then the original's pair-invariant pooling (PairInvariantizer, on by
    // default and left on by its GI experiments): the two pooled tokens become the pair's
    // mean and half its absolute difference, so the decision cannot depend on which graph
    // is A, and "these graphs differ" is one feature away.
    const auto pooled_sums = node_states.sum(2);
    const auto pooled_a = pooled_sums.select(1, 0);
    const auto pooled_b = pooled_sums.select(1, 1);
    const auto pooled_states =
        torch::stack({(pooled_a + pooled_b) * 0.5, (pooled_a - pooled_b).abs() * 0.5}, 1);

    // The original's message feature: each node token carries the most recent message's
    // (normalised) value at that node on each visible channel, zero for the pooled tokens
    // and zero in round 0, where there is no message yet (its "ignore_message").
    const auto no_message_yet = (round == 0).view({batch, 1, 1});
    const auto node_message = torch::where(
        no_message_yet, torch::zeros({}, node_states.options()),
        message.to(torch::kFloat32).index_select(1, visible_channels_).transpose(1, 2));
    const auto message_feature = torch::cat(
        {node_message, torch::zeros({batch, 2, num_visible_channels_}, node_states.options())}, 1);

    const auto num_tokens = 2 * n + 2;
    auto tokens = torch::cat({node_states.reshape({batch, 2 * n, d_gnn_input_}), pooled_states}, 1);
    tokens = token_input_(
        torch::cat({tokens, pooled_marker_.expand({batch, num_tokens, 2}), message_feature}, -1));

    const auto key_is_real = torch::cat(
        {node_mask.reshape({batch, 2 * n}), torch::ones({batch, 2}, node_mask.options())}, 1);
    const auto allowed = attention_allowed_ & key_is_real.unsqueeze(1);
    const auto attention_bias =
        torch::zeros({batch, num_tokens, num_tokens}, tokens.options())
            .masked_fill(allowed.logical_not(), -std::numeric_limits<float>::infinity());
    for (auto& layer : transformer_layers_) {
        tokens = layer(tokens, attention_bias);
    }

    const auto nodes =
        tokens.narrow(1, 0, 2 * n) * node_mask.reshape({batch, 2 * n, 1}).to(torch::kFloat32);
    const auto pooled =
        pooled_output_(tokens.narrow(1, 2 * n, 2).reshape({batch, 2 * d_transformer_}));
    return {{"nodes", nodes}, {"pooled", pooled}};
}

} // namespace nip::core::gi_agents
