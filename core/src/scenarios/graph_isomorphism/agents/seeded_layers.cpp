#include "seeded_layers.hpp"

#include <torch/linalg.h>

#include "fused_ops.hpp"

namespace nip::core::gi_agents {

torch::Tensor orthogonal_matrix(std::int64_t rows, std::int64_t cols, at::Generator& generator) {
    const bool wide = rows < cols;
    auto gaussian = torch::randn({rows, cols}, generator, torch::kFloat32);
    if (wide) {
        gaussian = gaussian.t();
    }
    auto [q, r] = torch::linalg::qr(gaussian, "reduced");
    // Fixing the signs by R's diagonal makes Q uniformly distributed (Mezzadri 2007).
    q = q * r.diagonal().sign();
    if (wide) {
        q = q.t();
    }
    return q.contiguous();
}

SeededLinearImpl::SeededLinearImpl(std::int64_t in_features, std::int64_t out_features,
                                   at::Generator& generator)
    : weight_(
          register_parameter("weight", orthogonal_matrix(out_features, in_features, generator))),
      bias_(register_parameter("bias", torch::zeros({out_features}))) {}

torch::Tensor SeededLinearImpl::forward(const torch::Tensor& input) {
    return torch::linear(input, weight_, bias_);
}

TanhMlpImpl::TanhMlpImpl(std::int64_t in_features, std::int64_t hidden_features,
                         std::int64_t out_features, at::Generator& generator)
    : hidden_(register_module("hidden", SeededLinear(in_features, hidden_features, generator))),
      output_(register_module("output", SeededLinear(hidden_features, out_features, generator))) {}

torch::Tensor TanhMlpImpl::forward(const torch::Tensor& input) {
    return output_(fast_tanh(hidden_(input)));
}

} // namespace nip::core::gi_agents
