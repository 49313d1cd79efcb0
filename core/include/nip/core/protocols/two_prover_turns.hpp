// The turn order debate and mnip share (the original's DebateProtocol and MnipProtocol
// have the same is_agent_active): two provers, each writing only in its own channel
// ("prover0_channel", "prover1_channel"), and a verifier writing in both.
//   simultaneous: the verifier on one parity of rounds, both provers together on the other
//                 (verifier_first: the verifier on even rounds);
//   sequential:   a period of 3: the verifier, the first prover, the second (verifier
//                 first), or the first prover, the second, the verifier;
// the first prover is prover0 with `prover0_first`, else prover1.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nip::core {

struct TwoProverTurns {
    bool verifier_first = true;
    bool sequential = false;
    bool prover0_first = true;

    // Agents are indexed prover0, prover1, verifier; channels prover0's, prover1's.
    static constexpr std::size_t prover0 = 0;
    static constexpr std::size_t prover1 = 1;
    static constexpr std::size_t verifier = 2;

    bool is_active(std::size_t agent, std::int64_t round, std::size_t channel) const {
        if (agent > verifier || channel > prover1 || round < 0) {
            return false;
        }
        const std::int64_t period = sequential ? 3 : 2;
        const std::int64_t phase = round % period;
        // The phase at which each speaks.
        std::int64_t verifier_phase = 0;
        std::int64_t first_prover_phase = 0;
        std::int64_t second_prover_phase = 0;
        if (sequential) {
            verifier_phase = verifier_first ? 0 : 2;
            first_prover_phase = verifier_first ? 1 : 0;
            second_prover_phase = verifier_first ? 2 : 1;
        } else {
            verifier_phase = verifier_first ? 0 : 1;
            first_prover_phase = second_prover_phase = verifier_first ? 1 : 0;
        }
        if (agent == verifier) {
            return phase == verifier_phase; // in both channels
        }
        if (channel != agent) { // a prover writes only in its own channel
            return false;
        }
        const bool first = (agent == prover0) == prover0_first;
        return phase == (first ? first_prover_phase : second_prover_phase);
    }

    static const std::vector<std::string>& agent_names() {
        static const std::vector<std::string> names{"prover0", "prover1", "verifier"};
        return names;
    }
    static const std::vector<std::string>& channel_names() {
        static const std::vector<std::string> names{"prover0_channel", "prover1_channel"};
        return names;
    }
};

} // namespace nip::core
