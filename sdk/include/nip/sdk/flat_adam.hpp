// Adam over one contiguous buffer. A model of ~50 small parameter tensors costs a
// per-tensor optimiser (torch::optim::Adam) and gradient clip about 8 tensor operations
// per parameter and step, more than the arithmetic; here every parameter is a view into
// one flat buffer and every gradient a view into another, so an optimiser step is eight
// operations in all and a gradient norm is one.
//
//   FlatParameters flat(module->parameters());  // after the module is on its device
//   FlatAdam adam(flat.numel(), lr, 1e-5);
//   flat.zero_grad(); loss.backward();           // backward adds into the flat gradient
//   clip_flat_gradients({&flat}, max_norm); adam.step(flat, lr);
//
// The parameters keep working as ordinary ones (forward, state_dict, copy_ into them);
// only replacing their storage (set_data, module->to(other device)) breaks the link.
#pragma once

#include <cmath>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <torch/torch.h>

namespace nip::sdk {

class FlatParameters {
public:
    // The parameters' values move into one buffer (on the first one's device and dtype);
    // each becomes a view of it, and its gradient a view of one zeroed gradient buffer.
    explicit FlatParameters(std::vector<torch::Tensor> parameters)
        : parameters_(std::move(parameters)) {
        if (parameters_.empty()) {
            throw std::invalid_argument("FlatParameters: no parameters given");
        }
        torch::NoGradGuard no_grad;
        std::int64_t total = 0;
        for (const auto& parameter : parameters_) {
            if (parameter.options().device() != parameters_.front().options().device() ||
                parameter.scalar_type() != parameters_.front().scalar_type()) {
                throw std::invalid_argument(
                    "FlatParameters: every parameter needs the first one's device and dtype");
            }
            total += parameter.numel();
        }
        const auto options = parameters_.front().options().requires_grad(false);
        data_ = torch::empty({total}, options);
        grad_ = torch::zeros({total}, options);
        std::int64_t offset = 0;
        for (auto& parameter : parameters_) {
            const auto size = parameter.numel();
            auto value = data_.narrow(0, offset, size).view(parameter.sizes());
            value.copy_(parameter);
            parameter.set_data(value);
            parameter.mutable_grad() = grad_.narrow(0, offset, size).view(parameter.sizes());
            offset += size;
        }
    }

    std::int64_t numel() const { return data_.numel(); }
    const torch::Tensor& data() const { return data_; }
    const torch::Tensor& grad() const { return grad_; }
    const std::vector<torch::Tensor>& parameters() const { return parameters_; }

    // Gradients are zeroed, never dropped: backward must keep adding into the views.
    void zero_grad() { grad_.zero_(); }

private:
    std::vector<torch::Tensor> parameters_;
    torch::Tensor data_;
    torch::Tensor grad_;
};

// Scales the gradients of every buffer in `group` together so that their joint 2-norm is
// at most max_norm, as torch.nn.utils.clip_grad_norm_ does over all their parameters
// (factor max_norm / (norm + 1e-6) when below 1). Returns the norm before clipping.
inline double clip_flat_gradients(const std::vector<FlatParameters*>& group, double max_norm) {
    torch::NoGradGuard no_grad;
    double squared = 0;
    for (const auto* flat : group) {
        squared += flat->grad().dot(flat->grad()).item<double>();
    }
    const double norm = std::sqrt(squared);
    const double factor = max_norm / (norm + 1e-6);
    if (factor < 1.0) {
        for (const auto* flat : group) {
            flat->grad().mul_(factor);
        }
    }
    return norm;
}

// torch.optim.Adam's update (no weight decay, no amsgrad), on a FlatParameters buffer:
//   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
//   p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
class FlatAdam {
public:
    FlatAdam(std::int64_t numel, double eps = 1e-8, double beta1 = 0.9, double beta2 = 0.999,
             torch::TensorOptions options = {})
        : eps_(eps), beta1_(beta1), beta2_(beta2),
          exp_avg_(torch::zeros({numel}, options.requires_grad(false))),
          exp_avg_sq_(torch::zeros({numel}, options.requires_grad(false))) {}

    void step(FlatParameters& flat, double lr) {
        if (flat.numel() != exp_avg_.numel()) {
            throw std::invalid_argument("FlatAdam::step: the buffer has " +
                                        std::to_string(flat.numel()) + " values, the state " +
                                        std::to_string(exp_avg_.numel()));
        }
        torch::NoGradGuard no_grad;
        ++step_;
        const double bias_correction1 = 1.0 - std::pow(beta1_, static_cast<double>(step_));
        const double bias_correction2 = 1.0 - std::pow(beta2_, static_cast<double>(step_));
        const auto& grad = flat.grad();
        exp_avg_.mul_(beta1_).add_(grad, 1.0 - beta1_);
        exp_avg_sq_.mul_(beta2_).addcmul_(grad, grad, 1.0 - beta2_);
        const auto denominator = (exp_avg_sq_.sqrt() / std::sqrt(bias_correction2)).add_(eps_);
        flat.data().addcdiv_(exp_avg_, denominator, -lr / bias_correction1);
    }

    std::int64_t steps() const { return step_; }

    // For checkpoints: "<prefix>step", "<prefix>exp_avg", "<prefix>exp_avg_sq".
    void save(std::map<std::string, torch::Tensor>& tensors, const std::string& prefix) const {
        tensors[prefix + "step"] = torch::tensor(step_, torch::kInt64);
        tensors[prefix + "exp_avg"] = exp_avg_.cpu().clone();
        tensors[prefix + "exp_avg_sq"] = exp_avg_sq_.cpu().clone();
    }
    void load(const std::map<std::string, torch::Tensor>& tensors, const std::string& prefix,
              const std::string& owner) {
        const auto get = [&](const std::string& key) -> const torch::Tensor& {
            const auto found = tensors.find(prefix + key);
            if (found == tensors.end()) {
                throw std::runtime_error("Saved optimiser state of " + owner + " has no '" +
                                         prefix + key + "'");
            }
            return found->second;
        };
        const auto& exp_avg = get("exp_avg");
        const auto& exp_avg_sq = get("exp_avg_sq");
        if (exp_avg.sizes() != exp_avg_.sizes() || exp_avg_sq.sizes() != exp_avg_sq_.sizes()) {
            throw std::runtime_error("Saved optimiser state of " + owner +
                                     " does not fit the model: it holds " +
                                     std::to_string(exp_avg.numel()) + " values, the model " +
                                     std::to_string(exp_avg_.numel()));
        }
        torch::NoGradGuard no_grad;
        exp_avg_.copy_(exp_avg);
        exp_avg_sq_.copy_(exp_avg_sq);
        step_ = get("step").item<std::int64_t>();
    }

private:
    double eps_, beta1_, beta2_;
    std::int64_t step_ = 0;
    torch::Tensor exp_avg_;
    torch::Tensor exp_avg_sq_;
};

} // namespace nip::sdk
