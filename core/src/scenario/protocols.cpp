#include "nip/core/protocols.hpp"

#include "nip/core/errors.hpp"
#include "nip_protocol.hpp"
#include "reward_rules.hpp"

namespace nip::core {

std::unique_ptr<sdk::ProtocolHandler> make_protocol_handler(const sdk::HyperParams& params) {
    const std::string name = params.get_string("interaction_protocol");
    if (name == "nip") {
        return std::make_unique<NipProtocol>(params.get_int("protocol.max_message_rounds"),
                                             params.get_int("protocol.min_message_rounds"),
                                             params.get_bool("protocol.verifier_first"),
                                             RewardRules::from(params));
    }
    throw UsageError("interaction_protocol: '" + name +
                     "' is not provided by this build (available: nip)");
}

} // namespace nip::core
