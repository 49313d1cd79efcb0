#include "nip_protocol.hpp"

#include <stdexcept>

namespace nip::core {

NipProtocol::NipProtocol(std::int64_t max_rounds, std::int64_t min_rounds, bool verifier_first)
    : max_rounds_(max_rounds), min_rounds_(min_rounds), verifier_first_(verifier_first) {}

bool NipProtocol::can_see_channel(std::size_t agent, std::size_t channel) const {
    return agent < agents_.size() && channel < channels_.size();
}

bool NipProtocol::is_active(std::size_t agent, std::int64_t round, std::size_t channel) const {
    if (agent >= agents_.size() || channel >= channels_.size() || round < 0 ||
        round >= max_rounds_) {
        return false;
    }
    const bool verifier_turn = (round % 2 == 0) == verifier_first_;
    return (agent == verifier) == verifier_turn;
}

} // namespace nip::core
