// The mnip protocol: two provers, each in its own channel and seeing only that channel,
// and a verifier who sees both; the turns as debate's. Unlike debate, both provers
// argue for accept: each is paid when the verifier accepts (the original's MnipProtocol,
// whose _include_prover_rewards pays both on accept).
#pragma once

#include "nip/core/protocols/single_verifier_protocol.hpp"
#include "nip/core/protocols/two_prover_turns.hpp"

namespace nip::core {

class MnipProtocol final : public SingleVerifierProtocol {
public:
    MnipProtocol(std::int64_t max_rounds, std::int64_t min_rounds, TwoProverTurns turns,
                 RewardRules rules = {});

    std::string name() const override { return "mnip"; }
    const std::vector<std::string>& agent_names() const override {
        return TwoProverTurns::agent_names();
    }
    const std::vector<std::string>& message_channel_names() const override {
        return TwoProverTurns::channel_names();
    }
    bool can_see_channel(std::size_t agent, std::size_t channel) const override;
    bool is_active(std::size_t agent, std::int64_t round, std::size_t channel,
                   std::int64_t datapoint_seed = 0) const override;

protected:
    void add_prover_rewards(torch::Tensor& reward, const torch::Tensor& decided,
                            const torch::Tensor& accepted) const override;

private:
    TwoProverTurns turns_;
};

} // namespace nip::core
