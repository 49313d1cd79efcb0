// A transformer encoder layer whose attention mask differs per batch element.
//
// Written here rather than taken from torch::nn::TransformerEncoderLayer: libtorch 1.13's
// C++ MultiheadAttention wants (L, B, E) inputs and a per-element mask folded to
// (B * heads, L, L), and its constructor draws from the global generator. This layer
// matches torch's defaults otherwise: post-norm, ReLU feed-forward, no dropout.
#pragma once

#include <cstdint>

#include <torch/nn/modules/normalization.h>

#include "seeded_layers.hpp"

namespace nip::core::gi_agents {

class MaskedTransformerLayerImpl : public torch::nn::Module {
public:
    MaskedTransformerLayerImpl(std::int64_t d_model, std::int64_t num_heads,
                               std::int64_t d_feedforward, at::Generator& generator);

    // tokens (B, L, d_model); attention_bias (B, L, L): 0 where a query token may attend
    // to a key token, -inf where it may not (every row must allow at least one key).
    torch::Tensor forward(const torch::Tensor& tokens, const torch::Tensor& attention_bias);

private:
    std::int64_t num_heads_;
    SeededLinear query_key_value_;
    SeededLinear attention_output_;
    torch::nn::LayerNorm attention_norm_;
    SeededLinear feedforward_hidden_;
    SeededLinear feedforward_output_;
    torch::nn::LayerNorm feedforward_norm_;
};
TORCH_MODULE(MaskedTransformerLayer);

} // namespace nip::core::gi_agents
