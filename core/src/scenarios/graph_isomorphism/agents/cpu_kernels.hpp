// Loops for the few operations of the graph-isomorphism agents that libtorch runs badly
// at their shapes: tanh (ATen's SLEEF tanh costs more than the matrix products around
// it), the message passing of a GIN layer over graphs of 11 nodes, and attention over 24
// tokens with heads of width 4 (ATen's bmm multiplies such small matrices one at a time,
// with a dispatch for each; its softmax is a separate pass). Plain float loops, compiled for
// AVX-512, AVX2 and baseline x86-64 and chosen at load time; without contraction into fused
// multiply-adds, each element's arithmetic is the same whichever is chosen, so their results do not
// depend on the CPU.
#pragma once

#include <cstdint>

namespace nip::core::gi_agents::kernels {

// y = tanh(x), elementwise, within 4e-7 of the exact value.
void tanh(const float* x, float* y, std::int64_t n);
// dx = dy * (1 - y^2), where y = tanh(x).
void tanh_backward(const float* dy, const float* y, float* dx, std::int64_t n);

// For each of `graphs` graphs of n nodes with node states x (n, width):
//   out[i] = self_weight * x[i] + sum_j adjacency[i][j] * x[j]
// and, with `transposed`, sum_j adjacency[j][i] * x[j] instead (the backward pass).
void aggregate(const float* adjacency, const float* x, float self_weight, float* out,
               std::int64_t graphs, std::int64_t n, std::int64_t width, bool transposed);

// Attention over `batch` sequences of at most kMaxAttentionTokens tokens, `heads` heads of
// width head_width. qkv (batch, length, 3, heads, head_width): queries, keys, values. bias
// (batch, length, length): added to the scaled scores (-inf where a token may not attend).
//   attention_probabilities: softmax of the scores, stored transposed and padded as
//     (batch, heads, kMaxAttentionTokens keys, kMaxAttentionTokens queries): row j holds
//     the probability of key j for every query (zero rows beyond the length; the lanes of
//     queries beyond it hold finite values that nothing reads). A query with no key
//     allowed gets NaN, as ATen's softmax gives
//   attention_output: out (batch, length, heads, head_width) = probabilities x values
//   attention_backward: from d_out and the probabilities, d_qkv (same layout as qkv)
constexpr std::int64_t kMaxAttentionTokens = 32;
struct AttentionShape {
    std::int64_t batch, length, heads, head_width;
};
void attention_probabilities(const float* qkv, const float* bias, float scale, float* probabilities,
                             const AttentionShape& shape);
void attention_output(const float* probabilities, const float* qkv, float* out,
                      const AttentionShape& shape);
void attention_backward(const float* d_out, const float* probabilities, const float* qkv,
                        float scale, float* d_qkv, const AttentionShape& shape);

} // namespace nip::core::gi_agents::kernels
