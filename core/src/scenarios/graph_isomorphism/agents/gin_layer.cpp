#include "gin_layer.hpp"

#include "fused_ops.hpp"

namespace nip::core::gi_agents {

GinLayerImpl::GinLayerImpl(std::int64_t width, std::int64_t hidden_width, at::Generator& generator)
    : eps_(register_buffer("eps", torch::zeros({1}))),
      mlp_(register_module("mlp", TanhMlp(width, hidden_width, width, generator))) {}

torch::Tensor GinLayerImpl::forward(const torch::Tensor& node_states,
                                    const torch::Tensor& adjacency,
                                    const torch::Tensor& node_mask_column) {
    // The fused layer works on a flat list of graphs.
    const auto nodes = node_states.size(-2);
    const auto width = node_states.size(-1);
    const auto out =
        gin_layer(node_states.reshape({-1, nodes, width}), adjacency.reshape({-1, nodes, nodes}),
                  node_mask_column.reshape({-1, nodes, 1}), eps_, mlp_->hidden()->weight(),
                  mlp_->hidden()->bias(), mlp_->output()->weight(), mlp_->output()->bias());
    return out.view(node_states.sizes());
}

} // namespace nip::core::gi_agents
