// Moving live training objects in and out of a State, bit for bit: module weights and
// buffers, optimiser state (moments, step counts), and random generators. With these a
// trainer resumes exactly where it stopped.
#pragma once

#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

#include <torch/nn/module.h>
#include <torch/optim/adam.h>
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

// The optimiser's whole state (per-parameter moments and step counts, each group's
// options) as a byte tensor. libtorch's own optimiser archive names parameters by their
// memory address, so the same state saved by two processes would differ; here each
// parameter is named by its position (group, index), and equal states are equal bytes.
inline torch::Tensor optimizer_to_tensor(const torch::optim::Optimizer& optimizer) {
    torch::serialize::OutputArchive archive;
    const auto& groups = optimizer.param_groups();
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const std::string group = "group" + std::to_string(g);
        torch::serialize::OutputArchive options;
        groups[g].options().serialize(options);
        archive.write(group + "/options", options);
        const auto& params = groups[g].params();
        archive.write(group + "/size", torch::tensor(static_cast<std::int64_t>(params.size())));
        for (std::size_t i = 0; i < params.size(); ++i) {
            const auto found =
                optimizer.state().find(c10::guts::to_string(params[i].unsafeGetTensorImpl()));
            if (found != optimizer.state().end()) {
                torch::serialize::OutputArchive param_state;
                found->second->serialize(param_state);
                archive.write(group + "/state" + std::to_string(i), param_state);
            }
        }
    }
    std::ostringstream bytes;
    archive.save_to(bytes);
    const std::string data = bytes.str();
    return torch::from_blob(const_cast<char*>(data.data()),
                            {static_cast<std::int64_t>(data.size())}, torch::kUInt8)
        .clone();
}

// Restores what optimizer_to_tensor saved into an optimiser with the same parameter
// groups; ParamState and Options are the optimiser's own types (Adam's by default).
template <class ParamState = torch::optim::AdamParamState,
          class Options = torch::optim::AdamOptions>
void optimizer_from_tensor(torch::optim::Optimizer& optimizer, const torch::Tensor& saved) {
    auto bytes = saved.contiguous().to(torch::kCPU);
    std::istringstream stream(std::string(static_cast<const char*>(bytes.data_ptr()),
                                          static_cast<std::size_t>(bytes.numel())));
    torch::serialize::InputArchive archive;
    archive.load_from(stream);
    auto& groups = optimizer.param_groups();
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const std::string group = "group" + std::to_string(g);
        torch::Tensor size;
        if (!archive.try_read(group + "/size", size) ||
            size.item<std::int64_t>() != static_cast<std::int64_t>(groups[g].params().size())) {
            throw std::runtime_error("Saved optimiser state does not fit: parameter group " +
                                     std::to_string(g) + " is missing or has another size");
        }
        torch::serialize::InputArchive options_archive;
        archive.read(group + "/options", options_archive);
        auto options = std::make_unique<Options>();
        options->serialize(options_archive);
        groups[g].set_options(std::move(options));
        const auto& params = groups[g].params();
        for (std::size_t i = 0; i < params.size(); ++i) {
            torch::serialize::InputArchive state_archive;
            const auto key = c10::guts::to_string(params[i].unsafeGetTensorImpl());
            if (archive.try_read(group + "/state" + std::to_string(i), state_archive)) {
                auto param_state = std::make_unique<ParamState>();
                param_state->serialize(state_archive);
                optimizer.state()[key] = std::move(param_state);
            } else {
                optimizer.state().erase(key);
            }
        }
    }
}

} // namespace nip::sdk
