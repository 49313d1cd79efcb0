// The graph-isomorphism agents' hot operations, each one autograd node with a written-out
// backward pass on the CPU (cpu_kernels.hpp): fewer, larger steps than the dozens of
// small ATen operations they replace. On other devices, or other dtypes, they are the
// plain ATen composition of the same mathematics, differentiated by autograd.
#pragma once

#include <cstdint>

#include <torch/types.h>

namespace nip::core::gi_agents {

// tanh, elementwise.
torch::Tensor fast_tanh(const torch::Tensor& input);

// One GIN layer (gin_layer.hpp) on node states h (G, N, d) of G graphs:
//   a = tanh(h);  g = (1 + eps) a + A a;  y = (tanh(g W1^T + b1) W2^T + b2) * mask
// adjacency (G, N, N) and mask (G, N, 1) carry no gradient.
torch::Tensor gin_layer(const torch::Tensor& node_states, const torch::Tensor& adjacency,
                        const torch::Tensor& mask, const torch::Tensor& eps,
                        const torch::Tensor& hidden_weight, const torch::Tensor& hidden_bias,
                        const torch::Tensor& output_weight, const torch::Tensor& output_bias);

// Multi-head scaled dot-product attention: qkv (B, L, 3 * D) holds each token's query, key
// and value (each D = heads x head_width, heads side by side); bias (B, L, L) is added to
// the scores (-inf where a token may not attend, which carries no gradient). Returns
// (B, L, D): each head's softmax-weighted values, heads side by side.
torch::Tensor masked_attention(const torch::Tensor& qkv, const torch::Tensor& bias,
                               std::int64_t heads);

} // namespace nip::core::gi_agents
