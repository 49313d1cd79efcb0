// The game-level metrics of REFERENCE.md, computed from the games that ended in a
// rollout: how long they were and how often the verifier was right, overall and per
// datapoint.
#pragma once

#include <cstdint>
#include <vector>

#include <torch/types.h>

#include "nip/sdk/environment.hpp"
#include "nip/sdk/log.hpp"
#include "nip/sdk/rl/rollout_buffer.hpp"

namespace nip::sdk::rl {

struct EpisodeStats {
    std::int64_t num_episodes = 0;
    double mean_episode_length = 0;
    double mean_accuracy = 0;
    double std_accuracy = 0;
    double mean_datapoint_accuracy = 0;
    double worst_datapoint_accuracy = 0;

    void add_to(Scalars& scalars, const std::string& prefix = "") const {
        scalars.emplace_back(prefix + "num_episodes", static_cast<double>(num_episodes));
        scalars.emplace_back(prefix + "mean_episode_length", mean_episode_length);
        scalars.emplace_back(prefix + "mean_accuracy", mean_accuracy);
        scalars.emplace_back(prefix + "std_accuracy", std_accuracy);
        scalars.emplace_back(prefix + "mean_datapoint_accuracy", mean_datapoint_accuracy);
        scalars.emplace_back(prefix + "worst_datapoint_accuracy", worst_datapoint_accuracy);
    }
};

// The per-step fields the statistics read, flattened over time and environments:
// done, decided, accepted, label, datapoint, length.
inline TensorMap episode_fields(const RolloutBuffer& rollout) {
    TensorMap fields;
    for (const char* key : {"done", "decided", "accepted", "label", "datapoint", "length"}) {
        fields[key] = rollout.flat(key).cpu();
    }
    return fields;
}

// Fields of several rollouts, one after the other (a test phase of many iterations).
inline TensorMap concatenate_fields(const std::vector<TensorMap>& parts) {
    TensorMap joined;
    for (const auto& [key, first] : parts.at(0)) {
        std::vector<torch::Tensor> pieces;
        for (const auto& part : parts) {
            pieces.push_back(part.at(key));
        }
        joined[key] = torch::cat(pieces);
    }
    return joined;
}

// A game is right when the verifier decided and its decision matched the label; one that
// ran out of rounds counts as wrong. Games still in play at the end are not counted.
inline EpisodeStats episode_stats(const TensorMap& fields) {
    const auto done = fields.at("done").to(torch::kBool);
    EpisodeStats stats;
    stats.num_episodes = done.sum().item<std::int64_t>();
    if (stats.num_episodes == 0) {
        return stats;
    }
    const auto label = fields.at("label").index({done});
    const auto accepted = fields.at("accepted").index({done});
    const auto decided = fields.at("decided").index({done});
    const auto correct = (decided & (accepted == label.to(torch::kBool))).to(torch::kDouble);
    const auto lengths = fields.at("length").index({done}).to(torch::kDouble);
    const auto datapoint = fields.at("datapoint").index({done});

    stats.mean_episode_length = lengths.mean().item<double>();
    stats.mean_accuracy = correct.mean().item<double>();
    stats.std_accuracy = stats.num_episodes > 1 ? correct.std().item<double>() : 0.0;

    // Per datapoint: the mean of its games' correctness, then the mean and the minimum of
    // those over the datapoints that were played.
    const auto size = datapoint.max().item<std::int64_t>() + 1;
    const auto sums = torch::zeros({size}, torch::kDouble).index_add_(0, datapoint, correct);
    const auto counts =
        torch::zeros({size}, torch::kDouble).index_add_(0, datapoint, torch::ones_like(correct));
    const auto played = counts > 0;
    const auto per_datapoint = sums.index({played}) / counts.index({played});
    stats.mean_datapoint_accuracy = per_datapoint.mean().item<double>();
    stats.worst_datapoint_accuracy = per_datapoint.min().item<double>();
    return stats;
}

} // namespace nip::sdk::rl
