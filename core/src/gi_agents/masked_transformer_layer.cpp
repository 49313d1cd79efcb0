#include "masked_transformer_layer.hpp"

#include <cmath>

namespace nip::core::gi_agents {

MaskedTransformerLayerImpl::MaskedTransformerLayerImpl(std::int64_t d_model, std::int64_t num_heads,
                                                       std::int64_t d_feedforward,
                                                       at::Generator& generator)
    : num_heads_(num_heads), query_key_value_(register_module(
                                 "query_key_value", SeededLinear(d_model, 3 * d_model, generator))),
      attention_output_(
          register_module("attention_output", SeededLinear(d_model, d_model, generator))),
      attention_norm_(register_module(
          "attention_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d_model})))),
      feedforward_hidden_(
          register_module("feedforward_hidden", SeededLinear(d_model, d_feedforward, generator))),
      feedforward_output_(
          register_module("feedforward_output", SeededLinear(d_feedforward, d_model, generator))),
      feedforward_norm_(register_module(
          "feedforward_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d_model})))) {}

torch::Tensor MaskedTransformerLayerImpl::forward(const torch::Tensor& tokens,
                                                  const torch::Tensor& attention_bias) {
    const auto batch = tokens.size(0);
    const auto length = tokens.size(1);
    const auto d_model = tokens.size(2);
    const auto d_head = d_model / num_heads_;

    // (3, B, heads, L, d_head)
    const auto projected = query_key_value_(tokens)
                               .view({batch, length, 3, num_heads_, d_head})
                               .permute({2, 0, 3, 1, 4});
    const auto query = projected[0];
    const auto key = projected[1];
    const auto value = projected[2];

    const double scale = 1.0 / std::sqrt(static_cast<double>(d_head));
    const auto scores = torch::matmul(query, key.transpose(-2, -1)) * scale + attention_bias;
    const auto attended = torch::matmul(torch::softmax(scores, -1), value)
                              .transpose(1, 2)
                              .reshape({batch, length, d_model});

    const auto after_attention = attention_norm_(tokens + attention_output_(attended));
    const auto feedforward = feedforward_output_(torch::relu(feedforward_hidden_(after_attention)));
    return feedforward_norm_(after_attention + feedforward);
}

} // namespace nip::core::gi_agents
