// The Merlin-Arthur protocol (Wäldchen et al. 2022): two provers, prover0 arguing for
// reject and prover1 for accept, and one channel. At round 0 one prover speaks, chosen by
// the game's seed, drawn afresh for each game (prover1 when it is even, as the original's
// get_active_agents_mask_from_rounds_and_seed with its per-episode seed); at round 1 the
// verifier decides. Paid as in debate: prover0 on reject, prover1 on accept. Exactly 2
// rounds, min 1.
#pragma once

#include "nip/core/protocols/single_verifier_protocol.hpp"

namespace nip::core {

class MerlinArthurProtocol final : public SingleVerifierProtocol {
public:
    static constexpr std::int64_t rounds = 2;
    static constexpr std::int64_t min_rounds = 1;
    static constexpr std::size_t prover0 = 0;
    static constexpr std::size_t prover1 = 1;
    static constexpr std::size_t verifier = 2;

    explicit MerlinArthurProtocol(RewardRules rules = {})
        : SingleVerifierProtocol(rounds, min_rounds, rules) {}

    std::string name() const override { return "merlin_arthur"; }
    const std::vector<std::string>& agent_names() const override { return agents_; }
    const std::vector<std::string>& message_channel_names() const override { return channels_; }
    bool can_see_channel(std::size_t agent, std::size_t channel) const override {
        return agent < agents_.size() && channel < channels_.size();
    }
    bool is_active(std::size_t agent, std::int64_t round, std::size_t channel,
                   std::int64_t game_seed = 0) const override {
        if (channel >= channels_.size()) {
            return false;
        }
        const bool prover1_speaks = game_seed % 2 == 0;
        switch (agent) {
        case prover0:
            return round == 0 && !prover1_speaks;
        case prover1:
            return round == 0 && prover1_speaks;
        case verifier:
            return round == 1;
        default:
            return false;
        }
    }

private:
    std::vector<std::string> agents_{"prover0", "prover1", "verifier"};
    std::vector<std::string> channels_{"main"};
};

} // namespace nip::core
