// Which datapoint each new game plays: epochs of random permutations of the dataset,
// drawn from a seeded CPU generator, so that every datapoint is played once per epoch and
// two samplers with one seed hand out the same sequence on any device.
#pragma once

#include <cstdint>
#include <string>

#include <ATen/core/Generator.h>
#include <torch/types.h>

#include "nip/sdk/state.hpp"

namespace nip::core {

class EpochSampler {
public:
    EpochSampler(std::int64_t dataset_size, std::uint64_t seed);

    // The next `count` indices (CPU int64), continuing into a fresh permutation when the
    // current one runs out.
    torch::Tensor draw(std::int64_t count);

    // Adds this sampler's tensors to `blob` under "<prefix>...".
    void save(sdk::StateBlob& blob, const std::string& prefix) const;
    // Throws std::invalid_argument, starting with `where`, naming the key when a tensor is
    // missing or does not fit; the sampler is unchanged then.
    void load(const sdk::StateBlob& blob, const std::string& prefix, const std::string& where);

private:
    std::int64_t dataset_size_;
    at::Generator generator_;
    torch::Tensor permutation_; // (dataset_size) int64 on the CPU
    std::int64_t position_ = 0; // the next index of permutation_ to hand out
};

} // namespace nip::core
