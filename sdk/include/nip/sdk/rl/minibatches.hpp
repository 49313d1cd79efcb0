// Shuffled minibatches for the epochs of a PPO update. The order comes from a generator
// the trainer owns (and checkpoints), so a resumed run draws the same minibatches.
//
// Gradient clipping needs no helper: torch::nn::utils::clip_grad_norm_(parameters,
// max_norm) already rescales in place and returns the total norm before clipping.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <torch/types.h>

namespace nip::sdk::rl {

// A random permutation of 0 .. num_samples - 1 (int64, on the CPU) cut into minibatches
// of minibatch_size; the last one holds the remainder when the size does not divide the
// number of samples, so every sample is used once per epoch.
// Indexing a tensor on another device works as is (tensor.index({minibatch})); for
// index_select, move the indices there first.
inline std::vector<torch::Tensor> shuffled_minibatch_indices(std::int64_t num_samples,
                                                             std::int64_t minibatch_size,
                                                             torch::Generator& generator) {
    if (num_samples < 0 || minibatch_size <= 0) {
        throw std::invalid_argument(
            "shuffled_minibatch_indices: need num_samples >= 0 and minibatch_size > 0, got " +
            std::to_string(num_samples) + " and " + std::to_string(minibatch_size));
    }
    const auto permutation = torch::randperm(num_samples, generator, torch::kLong);
    std::vector<torch::Tensor> minibatches;
    for (const auto& minibatch : permutation.split(minibatch_size)) {
        minibatches.push_back(minibatch.contiguous());
    }
    return minibatches;
}

} // namespace nip::sdk::rl
