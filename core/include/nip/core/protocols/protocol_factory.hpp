// The interaction protocols of REFERENCE.md ("The game"), built by name.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nip/sdk/hyper_params.hpp"
#include "nip/sdk/protocol.hpp"

namespace nip::core {

// The rounds of a protocol that fixes them (adp, merlin_arthur, solo_verifier: 2 rounds,
// decisions counted from round 0); nullopt for one that plays as many as
// `protocol.max_message_rounds` says (nip, debate, mnip), or an unknown name.
struct FixedRounds {
    std::int64_t max;
    std::int64_t min;
};
std::optional<FixedRounds> fixed_rounds(const std::string& protocol);

// The protocols this build provides, by the name `interaction_protocol` takes.
const std::vector<std::string>& protocol_names();

// Builds the protocol named by `interaction_protocol`, configured from `protocol.*`
// (`protocol.<name>.*` for a protocol's own keys). Throws UsageError for a protocol this
// build does not provide, or rounds it cannot play.
std::unique_ptr<sdk::ProtocolHandler> make_protocol_handler(const sdk::HyperParams& params);

} // namespace nip::core
