// What a trainer saves and restores: everything needed to resume exactly.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <torch/types.h>

namespace nip::sdk {

// A bag of named tensors (weights, optimiser moments, RNG states, running statistics)
// plus free-form JSON text for everything that is not a tensor.
struct StateBlob {
    std::map<std::string, torch::Tensor> tensors;
    std::string json = "{}";
};

// One agent's state: its weights and optimiser state, and whatever the trainer adds.
using AgentState = StateBlob;

// The seed's `Trainer.State`: the iteration, each agent's state, and the trainer's own
// (RNG streams, normalisation statistics, schedules...).
struct State {
    std::int64_t iteration = 0;
    std::map<std::string, AgentState> agents;
    StateBlob trainer;
};

} // namespace nip::sdk
