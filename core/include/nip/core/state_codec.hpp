// How a trainer's State becomes bytes on disk and back: state.json (iteration, each
// blob's JSON, the names of its tensors) and one tensors file (a pickled list, so the
// bytes are libtorch's own format and round-trip bit for bit).
#pragma once

#include <string>
#include <vector>

#include "nip/sdk/state.hpp"

namespace nip::core {

struct EncodedState {
    std::string state_json; // indented, sorted keys
    std::vector<char> tensors;
};

// Tensors are saved from CPU copies; they come back on the CPU.
EncodedState encode_state(const sdk::State& state);
// `where` names the checkpoint in error messages. Throws CheckpointError on any mismatch.
sdk::State decode_state(const std::string& state_json, const std::vector<char>& tensors,
                        const std::string& where);

} // namespace nip::core
