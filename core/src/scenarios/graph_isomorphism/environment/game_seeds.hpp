// Each game's seed, drawn afresh when the game starts: protocols with random turns
// (merlin_arthur: which prover speaks) read it. As the original, which draws a new
// per-episode "seed" in [0, 2^16) at every reset (scenario_base/environment.py); here
// from a seeded CPU generator of its own, so that the datapoints' order (EpochSampler)
// does not depend on it and a resumed run draws the same seeds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <ATen/core/Generator.h>
#include <torch/types.h>

#include "nip/sdk/state.hpp"

namespace nip::core {

class GameSeeds {
public:
    static constexpr std::int64_t bound = 1 << 16; // seeds lie in [0, bound)

    explicit GameSeeds(std::uint64_t seed);

    // `count` new seeds (CPU int64).
    torch::Tensor draw(std::int64_t count);

    // The generator's state under "<prefix>generator_state".
    void save(sdk::StateBlob& blob, const std::string& prefix) const;
    // The generator state saved in `blob`, checked (std::invalid_argument, starting with
    // `where`, for one that does not fit); nullopt for a blob saved before games had
    // seeds. restore() then sets it, so that a caller can check everything first.
    std::optional<torch::Tensor> saved_state(const sdk::StateBlob& blob, const std::string& prefix,
                                             const std::string& where) const;
    void restore(const torch::Tensor& state);

private:
    at::Generator generator_;
};

} // namespace nip::core
