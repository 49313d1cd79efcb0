#include "nip/core/protocols/protocol_factory.hpp"

#include <optional>

#include "nip/core/errors.hpp"
#include "nip/core/protocols/adp_protocol.hpp"
#include "nip/core/protocols/debate_protocol.hpp"
#include "nip/core/protocols/merlin_arthur_protocol.hpp"
#include "nip/core/protocols/mnip_protocol.hpp"
#include "nip/core/protocols/nip_protocol.hpp"
#include "nip/core/protocols/reward_rules.hpp"
#include "nip/core/protocols/solo_verifier_protocol.hpp"

namespace nip::core {
namespace {

// The rounds of nip, debate and mnip: as many as `protocol.max_message_rounds` says.
void expect_rounds_in_order(std::int64_t max, std::int64_t min) {
    if (min > max) {
        throw UsageError("protocol.min_message_rounds (" + std::to_string(min) +
                         ") must be <= protocol.max_message_rounds (" + std::to_string(max) + ")");
    }
}

// adp, merlin_arthur and solo_verifier fix their rounds; the run's document holds them
// (apply_protocol_rounds), so a different value here was asked for, and is refused
// rather than ignored.
void expect_fixed_rounds(const sdk::HyperParams& params, const std::string& protocol,
                         FixedRounds fixed) {
    const auto check = [&](const char* key, std::int64_t value) {
        const auto asked = params.get_int(key);
        if (asked != value) {
            throw UsageError(std::string(key) + "=" + std::to_string(asked) +
                             ": interaction_protocol '" + protocol + "' has exactly " +
                             std::to_string(value) + " there; leave " + key +
                             " unset (the protocol sets it) or set it to " + std::to_string(value));
        }
    };
    check("protocol.max_message_rounds", fixed.max);
    check("protocol.min_message_rounds", fixed.min);
}

TwoProverTurns two_prover_turns(const sdk::HyperParams& params, const std::string& protocol) {
    TwoProverTurns turns;
    turns.verifier_first = params.get_bool("protocol.verifier_first");
    turns.sequential = params.get_bool("protocol." + protocol + ".sequential");
    turns.prover0_first = params.get_bool("protocol." + protocol + ".prover0_first");
    return turns;
}

} // namespace

std::optional<FixedRounds> fixed_rounds(const std::string& protocol) {
    if (protocol == "adp") {
        return FixedRounds{AdpProtocol::rounds, AdpProtocol::min_rounds};
    }
    if (protocol == "merlin_arthur") {
        return FixedRounds{MerlinArthurProtocol::rounds, MerlinArthurProtocol::min_rounds};
    }
    if (protocol == "solo_verifier") {
        return FixedRounds{SoloVerifierProtocol::rounds, SoloVerifierProtocol::min_rounds};
    }
    return std::nullopt;
}

const std::vector<std::string>& protocol_names() {
    static const std::vector<std::string> names{"nip",  "adp",           "debate",
                                                "mnip", "merlin_arthur", "solo_verifier"};
    return names;
}

std::unique_ptr<sdk::ProtocolHandler> make_protocol_handler(const sdk::HyperParams& params) {
    const std::string name = params.get_string("interaction_protocol");
    const auto rules = RewardRules::from(params);
    if (const auto fixed = fixed_rounds(name)) {
        expect_fixed_rounds(params, name, *fixed);
    }
    const auto max_rounds = params.get_int("protocol.max_message_rounds");
    const auto min_rounds = params.get_int("protocol.min_message_rounds");
    expect_rounds_in_order(max_rounds, min_rounds);
    if (name == "nip") {
        return std::make_unique<NipProtocol>(max_rounds, min_rounds,
                                             params.get_bool("protocol.verifier_first"), rules);
    }
    if (name == "adp") {
        return std::make_unique<AdpProtocol>(rules);
    }
    if (name == "debate") {
        return std::make_unique<DebateProtocol>(max_rounds, min_rounds,
                                                two_prover_turns(params, name), rules);
    }
    if (name == "mnip") {
        return std::make_unique<MnipProtocol>(max_rounds, min_rounds,
                                              two_prover_turns(params, name), rules);
    }
    if (name == "merlin_arthur") {
        return std::make_unique<MerlinArthurProtocol>(rules);
    }
    if (name == "solo_verifier") {
        return std::make_unique<SoloVerifierProtocol>(rules);
    }
    std::string available;
    for (const auto& known : protocol_names()) {
        available += (available.empty() ? "" : ", ") + known;
    }
    throw UsageError("interaction_protocol: '" + name +
                     "' is not provided by this build (available: " + available + ")");
}

} // namespace nip::core
