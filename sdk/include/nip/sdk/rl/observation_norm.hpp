// Observation normalisation: each feature shifted and scaled by statistics fitted once on
// observations from random play (TorchRL's ObservationNorm, as the original fits it).
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <torch/types.h>

#include "nip/sdk/environment.hpp"

namespace nip::sdk::rl {

class ObservationNorm {
public:
    // A feature seen constant while fitting gets this scale rather than ~0, so that a
    // value it takes later stays bounded instead of exploding.
    static constexpr double min_scale = 1e-2;

    bool fitted() const { return !loc_.empty(); }

    // samples: key -> (S, ...) stacked observations of that key.
    void fit(const std::map<std::string, torch::Tensor>& samples) {
        loc_.clear();
        scale_.clear();
        for (const auto& [key, values] : samples) {
            if (values.dim() < 2 || values.size(0) < 2) {
                throw std::invalid_argument("ObservationNorm: '" + key +
                                            "' needs at least two samples stacked first");
            }
            const auto real = values.to(torch::kFloat);
            loc_[key] = real.mean(0);
            scale_[key] = real.std(0).clamp_min(min_scale);
        }
    }

    // A copy of `observation` with the fitted keys normalised; the rest untouched.
    TensorMap apply(const TensorMap& observation) const {
        TensorMap out = observation;
        for (const auto& [key, loc] : loc_) {
            const auto found = out.find(key);
            if (found == out.end()) {
                throw std::invalid_argument("ObservationNorm: the observation has no '" + key +
                                            "', which the statistics were fitted on");
            }
            found->second = (found->second - loc.to(found->second.device())) /
                            scale_.at(key).to(found->second.device());
        }
        return out;
    }

    // For checkpoints: "<prefix>loc.<key>" and "<prefix>scale.<key>".
    void save(std::map<std::string, torch::Tensor>& tensors, const std::string& prefix) const {
        for (const auto& [key, loc] : loc_) {
            tensors[prefix + "loc." + key] = loc.cpu();
            tensors[prefix + "scale." + key] = scale_.at(key).cpu();
        }
    }
    void load(const std::map<std::string, torch::Tensor>& tensors, const std::string& prefix) {
        loc_.clear();
        scale_.clear();
        const std::string loc_prefix = prefix + "loc.";
        for (const auto& [name, tensor] : tensors) {
            if (name.rfind(loc_prefix, 0) == 0) {
                const auto key = name.substr(loc_prefix.size());
                const auto scale = tensors.find(prefix + "scale." + key);
                if (scale == tensors.end()) {
                    throw std::invalid_argument("ObservationNorm: saved state has a location "
                                                "but no scale for '" +
                                                key + "'");
                }
                loc_[key] = tensor;
                scale_[key] = scale->second;
            }
        }
    }

private:
    std::map<std::string, torch::Tensor> loc_;
    std::map<std::string, torch::Tensor> scale_;
};

} // namespace nip::sdk::rl
