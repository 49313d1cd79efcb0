// The `nip` protocol: one prover and one verifier take turns in one channel; with
// `verifier_first` the verifier speaks on even rounds and the prover on odd ones (the
// original's NipProtocol).
#pragma once

#include "nip/core/protocols/single_verifier_protocol.hpp"

namespace nip::core {

class NipProtocol : public SingleVerifierProtocol {
public:
    NipProtocol(std::int64_t max_rounds, std::int64_t min_rounds, bool verifier_first,
                RewardRules rules = {});

    std::string name() const override { return "nip"; }
    const std::vector<std::string>& agent_names() const override { return agents_; }
    const std::vector<std::string>& message_channel_names() const override { return channels_; }
    bool can_see_channel(std::size_t agent, std::size_t channel) const override;
    bool is_active(std::size_t agent, std::int64_t round, std::size_t channel,
                   std::int64_t game_seed = 0) const override;

    static constexpr std::size_t prover = 0;
    static constexpr std::size_t verifier = 1;

private:
    std::vector<std::string> agents_{"prover", "verifier"};
    std::vector<std::string> channels_{"main"};
    bool verifier_first_;
};

} // namespace nip::core
