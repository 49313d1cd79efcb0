#include "masked_transformer_layer.hpp"

#include "fused_ops.hpp"

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
    const auto attended = masked_attention(query_key_value_(tokens), attention_bias, num_heads_);

    const auto after_attention = attention_norm_(tokens + attention_output_(attended));
    const auto feedforward = feedforward_output_(torch::relu(feedforward_hidden_(after_attention)));
    return feedforward_norm_(after_attention + feedforward);
}

} // namespace nip::core::gi_agents
