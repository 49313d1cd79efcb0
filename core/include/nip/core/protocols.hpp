// The interaction protocols of REFERENCE.md ("The game"), built by name.
#pragma once

#include <memory>
#include <string>

#include "nip/sdk/hyper_params.hpp"
#include "nip/sdk/protocol.hpp"

namespace nip::core {

// Builds the protocol named by `interaction_protocol`, configured from `protocol.*`.
// Throws UsageError for a protocol this build does not provide.
std::unique_ptr<sdk::ProtocolHandler> make_protocol_handler(const sdk::HyperParams& params);

} // namespace nip::core
