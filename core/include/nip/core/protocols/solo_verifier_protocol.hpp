// The solo verifier: the verifier alone decides at round 0, with no prover (the
// original's SoloVerifierProtocol). The original sets 2 message rounds for a NumPy bug's
// sake but ends every game at round 0: a game without a decision there is terminated.
// Here likewise 2 rounds (so tensors keep the original's shapes) and the game ends at 0.
#pragma once

#include "nip/core/protocols/single_verifier_protocol.hpp"

namespace nip::core {

class SoloVerifierProtocol final : public SingleVerifierProtocol {
public:
    static constexpr std::int64_t rounds = 2;
    static constexpr std::int64_t min_rounds = 1;

    explicit SoloVerifierProtocol(RewardRules rules = {})
        : SingleVerifierProtocol(rounds, min_rounds, rules) {}

    std::string name() const override { return "solo_verifier"; }
    const std::vector<std::string>& agent_names() const override { return agents_; }
    const std::vector<std::string>& message_channel_names() const override { return channels_; }
    bool can_see_channel(std::size_t agent, std::size_t channel) const override {
        return agent == 0 && channel == 0;
    }
    bool is_active(std::size_t agent, std::int64_t round, std::size_t channel,
                   std::int64_t /*game_seed*/ = 0) const override {
        return agent == 0 && channel == 0 && round == 0;
    }

protected:
    torch::Tensor newly_terminated(const torch::Tensor& /*round*/,
                                   const torch::Tensor& decided) const override {
        return decided.logical_not();
    }
    void add_prover_rewards(torch::Tensor& /*reward*/, const torch::Tensor& /*decided*/,
                            const torch::Tensor& /*accepted*/) const override {}

private:
    std::vector<std::string> agents_{"verifier"};
    std::vector<std::string> channels_{"main"};
};

} // namespace nip::core
