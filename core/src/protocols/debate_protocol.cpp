#include "nip/core/protocols/debate_protocol.hpp"

namespace nip::core {

DebateProtocol::DebateProtocol(std::int64_t max_rounds, std::int64_t min_rounds,
                               TwoProverTurns turns, RewardRules rules)
    : SingleVerifierProtocol(max_rounds, min_rounds, rules), turns_(turns) {}

bool DebateProtocol::can_see_channel(std::size_t agent, std::size_t channel) const {
    return agent < agent_names().size() && channel < message_channel_names().size();
}

bool DebateProtocol::is_active(std::size_t agent, std::int64_t round, std::size_t channel,
                               std::int64_t /*datapoint_seed*/) const {
    return round < max_message_rounds() && turns_.is_active(agent, round, channel);
}

} // namespace nip::core
