// Observation normalisation as the original does it: TorchRL's ObservationNorm with
// `standard_normal=True`, initialised by `init_stats` with `reduce_dim` over every
// dimension. Each normalised key gets ONE location and ONE scale (the mean and standard
// deviation of all its elements over a few games of random play), not one per element: a
// feature that random play never sets (a late round's history row) is then shifted and
// scaled like the rest instead of being blown up by a tiny per-element deviation.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "nip/sdk/environment.hpp"

namespace nip::sdk::rl {

class ObservationNorm {
public:
    // TorchRL's floor on the fitted scale (ObservationNorm.eps).
    static constexpr double min_scale = 1e-6;

    bool fitted() const { return !loc_.empty(); }

    // samples: key -> every observation of that key seen while fitting, stacked in any
    // shape (at least two elements).
    void fit(const std::map<std::string, torch::Tensor>& samples) {
        loc_.clear();
        scale_.clear();
        for (const auto& [key, values] : samples) {
            if (values.numel() < 2) {
                throw std::invalid_argument("ObservationNorm: '" + key +
                                            "' needs at least two values to fit on");
            }
            const auto real = values.to(torch::kFloat);
            loc_[key] = real.mean();
            scale_[key] = real.std().clamp_min(min_scale);
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

    // The fitted location and scale of `key` (0-dimensional tensors).
    const torch::Tensor& loc(const std::string& key) const { return loc_.at(key); }
    const torch::Tensor& scale(const std::string& key) const { return scale_.at(key); }

    // For checkpoints: "<prefix>loc.<key>" and "<prefix>scale.<key>".
    void save(std::map<std::string, torch::Tensor>& tensors, const std::string& prefix) const {
        for (const auto& [key, loc] : loc_) {
            tensors[prefix + "loc." + key] = loc.cpu();
            tensors[prefix + "scale." + key] = scale_.at(key).cpu();
        }
    }
    void load(const std::map<std::string, torch::Tensor>& tensors, const std::string& prefix) {
        std::map<std::string, torch::Tensor> loc;
        std::map<std::string, torch::Tensor> scale;
        const std::string loc_prefix = prefix + "loc.";
        for (const auto& [name, tensor] : tensors) {
            if (name.rfind(loc_prefix, 0) != 0) {
                continue;
            }
            const auto key = name.substr(loc_prefix.size());
            const auto found = tensors.find(prefix + "scale." + key);
            if (found == tensors.end()) {
                throw std::invalid_argument("ObservationNorm: saved state has a location "
                                            "but no scale for '" +
                                            key + "'");
            }
            if (tensor.dim() != 0 || found->second.dim() != 0) {
                throw std::invalid_argument(
                    "ObservationNorm: the saved statistics of '" + key +
                    "' are not one location and one scale (saved by an older version, which "
                    "fitted one per element); start the run afresh with --no-resume");
            }
            loc[key] = tensor;
            scale[key] = found->second;
        }
        loc_ = std::move(loc);
        scale_ = std::move(scale);
    }

private:
    std::map<std::string, torch::Tensor> loc_;
    std::map<std::string, torch::Tensor> scale_;
};

// Fits `norm` on the environment's feature keys (Environment::feature_keys) as TorchRL's
// init_stats(num_frames) does: games from a fresh reset, played with uniformly random
// actions (every message choice and every decision equally likely, as the action spec's
// rand() draws them) until the first step at which any game ends, each step's observation
// kept; repeated until at least `num_frames` observations (games x steps) are kept.
// Returns how many were kept. The environment is left in play: reset() it before use.
inline std::int64_t fit_on_random_play(ObservationNorm& norm, Environment& environment,
                                       std::int64_t num_agents, std::int64_t num_channels,
                                       std::int64_t num_frames, torch::Generator& generator,
                                       torch::Device device) {
    if (num_frames < 2) {
        throw std::invalid_argument("fit_on_random_play: num_frames must be at least 2, got " +
                                    std::to_string(num_frames));
    }
    const auto batch = environment.batch_size();
    const auto messages = environment.message_space_size();
    std::map<std::string, std::vector<torch::Tensor>> seen;
    std::int64_t frames = 0;
    while (frames < num_frames) {
        auto observation = environment.reset();
        // TorchRL's rollout(max_steps=num_iter) stops after num_iter steps at most.
        for (std::int64_t step = 0; step < num_frames; ++step) {
            for (const auto& key : environment.feature_keys()) {
                seen[key].push_back(observation.at(key).cpu());
            }
            frames += batch;
            const auto message =
                torch::randint(0, messages, {batch, num_agents, num_channels}, generator);
            const auto decision = torch::randint(0, 3, {batch, num_agents}, generator);
            auto result = environment.step(
                {{"message", message.to(device)}, {"decision", decision.to(device)}});
            if (result.done.any().item<bool>()) {
                break;
            }
            observation = std::move(result.next_observation);
        }
    }
    std::map<std::string, torch::Tensor> samples;
    for (const auto& [key, list] : seen) {
        samples[key] = torch::stack(list);
    }
    norm.fit(samples);
    return frames;
}

} // namespace nip::sdk::rl
