#include "gin_layer.hpp"

namespace nip::core::gi_agents {

GinLayerImpl::GinLayerImpl(std::int64_t width, std::int64_t hidden_width, at::Generator& generator)
    : eps_(register_parameter("eps", torch::zeros({1}))),
      mlp_(register_module("mlp", TanhMlp(width, hidden_width, width, generator))) {}

torch::Tensor GinLayerImpl::forward(const torch::Tensor& node_states,
                                    const torch::Tensor& adjacency,
                                    const torch::Tensor& node_mask_column) {
    const auto activated = torch::tanh(node_states);
    const auto aggregated = (1 + eps_) * activated + torch::matmul(adjacency, activated);
    return mlp_(aggregated) * node_mask_column;
}

} // namespace nip::core::gi_agents
