// One Graph Isomorphism Network layer (Xu et al. 2019) on dense, padded graphs.
#pragma once

#include <cstdint>

#include "seeded_layers.hpp"

namespace nip::core::gi_agents {

// h' = MLP((1 + eps) tanh(h) + sum over neighbours j of tanh(h_j)), eps fixed at 0 as in
// the original (its GIN's train_eps=False keeps eps a buffer). The tanh in front bounds what is
// summed, as the original applies its activation before each GIN layer. Padding nodes come out as
// zero.
class GinLayerImpl : public torch::nn::Module {
public:
    GinLayerImpl(std::int64_t width, std::int64_t hidden_width, at::Generator& generator);

    // node_states (..., N, width), zero at padding nodes; adjacency (..., N, N) with the
    // rows and columns of padding nodes zero; node_mask_column (..., N, 1) float 0/1.
    torch::Tensor forward(const torch::Tensor& node_states, const torch::Tensor& adjacency,
                          const torch::Tensor& node_mask_column);

private:
    torch::Tensor eps_;
    TanhMlp mlp_;
};
TORCH_MODULE(GinLayer);

} // namespace nip::core::gi_agents
