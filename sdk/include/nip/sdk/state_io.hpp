// Moving live training objects in and out of a State, bit for bit: module weights and
// buffers, optimiser state (moments, step counts), and random generators. With these a
// trainer resumes exactly where it stopped.
#pragma once

#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

#include <torch/nn/module.h>
#include <torch/optim/optimizer.h>
#include <torch/serialize/archive.h>

namespace nip::sdk {

// The module's parameters and buffers by qualified name (copies, detached).
inline std::map<std::string, torch::Tensor> module_tensors(const torch::nn::Module& module) {
    std::map<std::string, torch::Tensor> tensors;
    for (const auto& item : module.named_parameters(true)) {
        tensors.emplace("param:" + item.key(), item.value().detach().clone());
    }
    for (const auto& item : module.named_buffers(true)) {
        tensors.emplace("buffer:" + item.key(), item.value().detach().clone());
    }
    return tensors;
}

// Copies saved values into the module's own tensors (they keep their device). Every
// parameter and buffer must be present with its shape; `owner` names it in errors.
inline void load_module_tensors(torch::nn::Module& module,
                                const std::map<std::string, torch::Tensor>& tensors,
                                const std::string& owner) {
    torch::NoGradGuard no_grad;
    auto copy = [&](const std::string& key, torch::Tensor& target) {
        auto found = tensors.find(key);
        if (found == tensors.end()) {
            throw std::runtime_error("Saved state of " + owner + " has no '" + key + "'");
        }
        if (found->second.sizes() != target.sizes()) {
            throw std::runtime_error("Saved state of " + owner + ": '" + key +
                                     "' has another shape than the model's");
        }
        target.copy_(found->second);
    };
    for (auto& item : module.named_parameters(true)) {
        copy("param:" + item.key(), item.value());
    }
    for (auto& item : module.named_buffers(true)) {
        copy("buffer:" + item.key(), item.value());
    }
}

// The optimiser's whole state (per-parameter moments, step counts, options) as a byte
// tensor, in libtorch's own serialisation.
inline torch::Tensor optimizer_to_tensor(const torch::optim::Optimizer& optimizer) {
    torch::serialize::OutputArchive archive;
    optimizer.save(archive);
    std::ostringstream bytes;
    archive.save_to(bytes);
    const std::string data = bytes.str();
    return torch::from_blob(const_cast<char*>(data.data()),
                            {static_cast<std::int64_t>(data.size())}, torch::kUInt8)
        .clone();
}

inline void optimizer_from_tensor(torch::optim::Optimizer& optimizer, const torch::Tensor& saved) {
    auto bytes = saved.contiguous().to(torch::kCPU);
    std::istringstream stream(std::string(static_cast<const char*>(bytes.data_ptr()),
                                          static_cast<std::size_t>(bytes.numel())));
    torch::serialize::InputArchive archive;
    archive.load_from(stream);
    optimizer.load(archive);
}

} // namespace nip::sdk
