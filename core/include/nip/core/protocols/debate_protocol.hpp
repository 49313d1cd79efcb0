// The debate protocol (Irving et al. 2018): prover0 argues for reject, prover1 for
// accept, each in its own channel, and the verifier decides. Every agent sees both
// channels. prover0 is paid when the verifier rejects, prover1 when it accepts (the
// original's DebateProtocol; turns in two_prover_turns.hpp).
#pragma once

#include "nip/core/protocols/two_prover_protocol.hpp"

namespace nip::core {

class DebateProtocol final : public TwoProverProtocol {
public:
    DebateProtocol(std::int64_t max_rounds, std::int64_t min_rounds, TwoProverTurns turns,
                   RewardRules rules = {})
        : TwoProverProtocol(max_rounds, min_rounds, turns, rules) {}

    std::string name() const override { return "debate"; }
    bool can_see_channel(std::size_t agent, std::size_t channel) const override {
        return agent < agent_names().size() && channel < message_channel_names().size();
    }
};

} // namespace nip::core
