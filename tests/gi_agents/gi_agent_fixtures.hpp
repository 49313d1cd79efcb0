// Observations and hyper-parameters for the graph-isomorphism agent tests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nip/core/scenarios/graph_isomorphism/agents.hpp"
#include "nip/sdk/abi.hpp"

namespace gi_agent_test {

struct ObservationShape {
    std::int64_t batch = 6;
    std::int64_t max_nodes = 8;
    std::int64_t max_rounds = 4;
    std::int64_t num_channels = 2;
};

// Random graph pairs of 4..max_nodes nodes (each graph its own size, padding at the end),
// a real-valued message history (as after the trainer's normalisation) and random rounds;
// equal seeds give equal observations.
nip::sdk::TensorMap random_observation(const ObservationShape& shape, std::uint64_t seed);

// Small test-size agents (2 GIN layers, 1 transformer layer) unless told otherwise.
nip::core::GiAgentParams small_params();

nip::sdk::AgentParts build_parts(const nip::core::GiAgentParams& params, std::int32_t trainer_type,
                                 const ObservationShape& shape,
                                 std::vector<std::int64_t> visible_channels, std::uint64_t seed = 1,
                                 bool prover = false);

// Every parameter of every part that exists.
std::vector<torch::Tensor> all_parameters(const nip::sdk::AgentParts& parts);

// Infinities replaced by zero, so that tensors with -inf at padding compare with allclose.
torch::Tensor finite_part(const torch::Tensor& tensor);

} // namespace gi_agent_test
