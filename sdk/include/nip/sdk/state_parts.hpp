// A trainer's state as named parts, declared once and used both ways: before_checkpoint()
// saves every part into a tensor map, on_state_loaded() restores every part from it, bit
// for bit. It replaces the key prefixing, byte-tensor conversions and "is it there?"
// checks that each trainer would otherwise write.
//
//   nip::sdk::StateParts parts;
//   parts.module("body", agent.body)           // "body/param:...", "body/buffer:..."
//       .saved("adam", adam)                   // FlatAdam, ObservationNorm: "adam/..."
//       .generator("generator/sampling", sampling)
//       .text("notes", notes);
//   parts.save(state.trainer.tensors);               // in before_checkpoint()
//   parts.load(state.trainer.tensors, "my_trainer"); // in on_state_loaded()
//
// Parts refer to the trainer's own objects, which must outlive the StateParts.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include "nip/sdk/environment.hpp"
#include "nip/sdk/state_io.hpp"

namespace nip::sdk {

// A CPU random generator seeded with `seed` (what at::make_generator<CPUGeneratorImpl>
// makes, without reaching into ATen's internals).
inline torch::Generator make_generator(std::uint64_t seed) {
    return at::make_generator<at::CPUGeneratorImpl>(seed);
}

// Text as a byte tensor and back (for JSON or other text kept in a checkpoint).
inline torch::Tensor text_to_tensor(const std::string& text) {
    auto bytes = torch::empty({static_cast<std::int64_t>(text.size())}, torch::kUInt8);
    std::memcpy(bytes.data_ptr(), text.data(), text.size());
    return bytes;
}
inline std::string tensor_to_text(const torch::Tensor& bytes) {
    const auto contiguous = bytes.contiguous().cpu();
    return {static_cast<const char*>(contiguous.data_ptr()),
            static_cast<std::size_t>(contiguous.numel())};
}

class StateParts {
public:
    using Save = std::function<void(TensorMap& tensors)>;
    using Load = std::function<void(const TensorMap& tensors, const std::string& owner)>;

    // A module's parameters and buffers under "<name>/"; a null module is skipped.
    StateParts& module(const std::string& name, std::shared_ptr<torch::nn::Module> module) {
        if (!module) {
            return *this;
        }
        const std::string prefix = name + "/";
        return custom(
            [module, prefix](TensorMap& tensors) {
                for (auto& [key, tensor] : module_tensors(*module)) {
                    tensors[prefix + key] = tensor.cpu();
                }
            },
            [module, prefix, name](const TensorMap& tensors, const std::string& owner) {
                load_module_tensors(*module, with_prefix(tensors, prefix), owner + "'s " + name);
            });
    }

    // An object with save(tensors, prefix) and load(tensors, prefix[, owner]), such as
    // FlatAdam or rl::ObservationNorm, under "<name>/".
    template <class T> StateParts& saved(const std::string& name, T& object) {
        const std::string prefix = name + "/";
        return custom([&object, prefix](TensorMap& tensors) { object.save(tensors, prefix); },
                      [&object, prefix, name](const TensorMap& tensors, const std::string& owner) {
                          if constexpr (requires { object.load(tensors, prefix, owner); }) {
                              object.load(tensors, prefix, owner + "'s " + name);
                          } else {
                              object.load(tensors, prefix);
                          }
                      });
    }

    // A libtorch optimiser's whole state (moments, step counts, options), as bytes under
    // `key`; ParamState and Options are its own types (Adam's by default).
    template <class ParamState = torch::optim::AdamParamState,
              class Options = torch::optim::AdamOptions>
    StateParts& optimizer(const std::string& key, torch::optim::Optimizer& optimizer) {
        return custom([&optimizer,
                       key](TensorMap& tensors) { tensors[key] = optimizer_to_tensor(optimizer); },
                      [&optimizer, key](const TensorMap& tensors, const std::string& owner) {
                          optimizer_from_tensor<ParamState, Options>(optimizer,
                                                                     required(tensors, key, owner));
                      });
    }

    // A random generator's whole state, under `key`.
    StateParts& generator(const std::string& key, torch::Generator& generator) {
        return custom(
            [&generator, key](TensorMap& tensors) { tensors[key] = generator.get_state(); },
            [&generator, key](const TensorMap& tensors, const std::string& owner) {
                generator.set_state(required(tensors, key, owner));
            });
    }

    // A tensor (a copy is saved). Restored in place when it has the saved shape, so that
    // it stays the same tensor (an optimiser holding it still does), on its own device,
    // with its requires_grad; otherwise replaced by a copy of the saved one.
    StateParts& tensor(const std::string& key, torch::Tensor& value) {
        return custom(
            [&value, key](TensorMap& tensors) { tensors[key] = value.detach().cpu().clone(); },
            [&value, key](const TensorMap& tensors, const std::string& owner) {
                const auto& saved = required(tensors, key, owner);
                if (value.defined() && value.sizes() == saved.sizes()) {
                    torch::NoGradGuard no_grad;
                    value.copy_(saved);
                } else {
                    value = saved.clone();
                }
            });
    }

    // A number read and written through the owner's accessors (e.g. a KL coefficient).
    StateParts& number(const std::string& key, std::function<double()> get,
                       std::function<void(double)> set) {
        return custom(
            [get, key](TensorMap& tensors) { tensors[key] = torch::tensor(get(), torch::kDouble); },
            [set, key](const TensorMap& tensors, const std::string& owner) {
                set(required(tensors, key, owner).item<double>());
            });
    }

    // Text (e.g. JSON) as bytes, under `key`.
    StateParts& text(const std::string& key, std::string& value) {
        return custom([&value, key](TensorMap& tensors) { tensors[key] = text_to_tensor(value); },
                      [&value, key](const TensorMap& tensors, const std::string& owner) {
                          value = tensor_to_text(required(tensors, key, owner));
                      });
    }

    // Anything else: how to save it and how to restore it.
    StateParts& custom(Save save, Load load) {
        parts_.push_back({std::move(save), std::move(load)});
        return *this;
    }

    void save(TensorMap& tensors) const {
        for (const auto& part : parts_) {
            part.save(tensors);
        }
    }
    // `owner` names the trainer (or agent) in errors about a missing or misfitting part.
    void load(const TensorMap& tensors, const std::string& owner) const {
        for (const auto& part : parts_) {
            part.load(tensors, owner);
        }
    }

    // The entries under `prefix`, with it taken off.
    static TensorMap with_prefix(const TensorMap& tensors, const std::string& prefix) {
        TensorMap own;
        for (auto it = tensors.lower_bound(prefix);
             it != tensors.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
            own.emplace(it->first.substr(prefix.size()), it->second);
        }
        return own;
    }

    static const torch::Tensor& required(const TensorMap& tensors, const std::string& key,
                                         const std::string& owner) {
        const auto found = tensors.find(key);
        if (found == tensors.end()) {
            throw std::runtime_error("The saved state of " + owner + " has no '" + key +
                                     "': the checkpoint was written by another version or "
                                     "another trainer");
        }
        return found->second;
    }

private:
    struct Part {
        Save save;
        Load load;
    };
    std::vector<Part> parts_;
};

} // namespace nip::sdk
