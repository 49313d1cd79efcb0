// Layers whose parameters are drawn from an explicit generator, never from torch's global
// one, so that an agent's initial weights depend on its seed alone.
#pragma once

#include <cstdint>

#include <ATen/core/Generator.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

namespace nip::core::gi_agents {

// A (rows, cols) matrix with orthonormal rows or columns (whichever are fewer), as
// torch.nn.init.orthogonal_ with gain 1 makes it, from `generator`.
torch::Tensor orthogonal_matrix(std::int64_t rows, std::int64_t cols, at::Generator& generator);

// y = x W^T + b with W orthogonal and b zero at the start: the original library's
// initialisation of every linear layer.
class SeededLinearImpl : public torch::nn::Module {
public:
    SeededLinearImpl(std::int64_t in_features, std::int64_t out_features, at::Generator& generator);
    torch::Tensor forward(const torch::Tensor& input);
    const torch::Tensor& weight() const { return weight_; }
    const torch::Tensor& bias() const { return bias_; }

private:
    torch::Tensor weight_;
    torch::Tensor bias_;
};
TORCH_MODULE(SeededLinear);

// Linear -> tanh -> linear.
class TanhMlpImpl : public torch::nn::Module {
public:
    TanhMlpImpl(std::int64_t in_features, std::int64_t hidden_features, std::int64_t out_features,
                at::Generator& generator);
    torch::Tensor forward(const torch::Tensor& input);
    const SeededLinear& hidden() const { return hidden_; }
    const SeededLinear& output() const { return output_; }

private:
    SeededLinear hidden_;
    SeededLinear output_;
};
TORCH_MODULE(TanhMlp);

} // namespace nip::core::gi_agents
