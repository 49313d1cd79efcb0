// The debate protocol (Irving et al. 2018): prover0 argues for reject, prover1 for
// accept, each in its own channel, and the verifier, who sees both channels, decides.
// Every agent sees both channels. prover0 is paid when the verifier rejects, prover1
// when it accepts (the original's DebateProtocol; turns in two_prover_turns.hpp).
#pragma once

#include "nip/core/protocols/single_verifier_protocol.hpp"
#include "nip/core/protocols/two_prover_turns.hpp"

namespace nip::core {

class DebateProtocol final : public SingleVerifierProtocol {
public:
    DebateProtocol(std::int64_t max_rounds, std::int64_t min_rounds, TwoProverTurns turns,
                   RewardRules rules = {});

    std::string name() const override { return "debate"; }
    const std::vector<std::string>& agent_names() const override {
        return TwoProverTurns::agent_names();
    }
    const std::vector<std::string>& message_channel_names() const override {
        return TwoProverTurns::channel_names();
    }
    bool can_see_channel(std::size_t agent, std::size_t channel) const override;
    bool is_active(std::size_t agent, std::int64_t round, std::size_t channel,
                   std::int64_t datapoint_seed = 0) const override;

private:
    TwoProverTurns turns_;
};

} // namespace nip::core
