#include "nip/core/protocols/nip_protocol.hpp"

namespace nip::core {

NipProtocol::NipProtocol(std::int64_t max_rounds, std::int64_t min_rounds, bool verifier_first,
                         RewardRules rules)
    : SingleVerifierProtocol(max_rounds, min_rounds, rules), verifier_first_(verifier_first) {}

bool NipProtocol::can_see_channel(std::size_t agent, std::size_t channel) const {
    return agent < agents_.size() && channel < channels_.size();
}

bool NipProtocol::is_active(std::size_t agent, std::int64_t round, std::size_t channel,
                            std::int64_t /*game_seed*/) const {
    if (agent >= agents_.size() || channel >= channels_.size() || round < 0 ||
        round >= max_message_rounds()) {
        return false;
    }
    const bool verifier_turn = (round % 2 == 0) == verifier_first_;
    return (agent == verifier) == verifier_turn;
}

} // namespace nip::core
