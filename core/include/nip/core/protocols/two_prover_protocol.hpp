// What debate and mnip share: agents prover0, prover1 and verifier, a channel per prover,
// the turns of two_prover_turns.hpp, and as many rounds as asked. They differ in who
// sees which channel and how the provers are paid.
#pragma once

#include "nip/core/protocols/single_verifier_protocol.hpp"
#include "nip/core/protocols/two_prover_turns.hpp"

namespace nip::core {

class TwoProverProtocol : public SingleVerifierProtocol {
public:
    TwoProverProtocol(std::int64_t max_rounds, std::int64_t min_rounds, TwoProverTurns turns,
                      RewardRules rules)
        : SingleVerifierProtocol(max_rounds, min_rounds, rules), turns_(turns) {}

    const std::vector<std::string>& agent_names() const override {
        return TwoProverTurns::agent_names();
    }
    const std::vector<std::string>& message_channel_names() const override {
        return TwoProverTurns::channel_names();
    }
    bool is_active(std::size_t agent, std::int64_t round, std::size_t channel,
                   std::int64_t /*game_seed*/ = 0) const override {
        return round < max_message_rounds() && turns_.is_active(agent, round, channel);
    }

private:
    TwoProverTurns turns_;
};

} // namespace nip::core
