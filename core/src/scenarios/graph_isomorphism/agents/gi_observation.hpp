// Reading the graph-isomorphism observation and representation maps, with shape checks
// that cost no device synchronisation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nip/sdk/environment.hpp"

namespace nip::core::gi_agents {

// The tensor under `key`, with `sizes` (-1 matches any size). Throws std::invalid_argument
// naming `reader`, the key, and the expected and found shapes.
const torch::Tensor& checked_tensor(const sdk::TensorMap& tensors, const std::string& key,
                                    const std::vector<std::int64_t>& sizes,
                                    const std::string& reader);

// (B, R) float one-hot of each game's round, by comparison with `round_values` (arange(R)),
// so that no check forces a device sync; a round outside [0, R) encodes as all zeros.
torch::Tensor round_one_hot(const torch::Tensor& round, const torch::Tensor& round_values);

} // namespace nip::core::gi_agents
