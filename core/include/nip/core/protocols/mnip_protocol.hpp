// The mnip protocol: two provers, each in its own channel and seeing only that channel,
// and a verifier who sees both; the turns as debate's. Unlike debate, both provers
// argue for accept: each is paid when the verifier accepts (the original's MnipProtocol,
// whose _include_prover_rewards pays both on accept).
#pragma once

#include "nip/core/protocols/two_prover_protocol.hpp"

namespace nip::core {

class MnipProtocol final : public TwoProverProtocol {
public:
    MnipProtocol(std::int64_t max_rounds, std::int64_t min_rounds, TwoProverTurns turns,
                 RewardRules rules = {})
        : TwoProverProtocol(max_rounds, min_rounds, turns, rules) {}

    std::string name() const override { return "mnip"; }
    bool can_see_channel(std::size_t agent, std::size_t channel) const override;

protected:
    void add_prover_rewards(torch::Tensor& reward, const torch::Tensor& decided,
                            const torch::Tensor& accepted) const override;
};

} // namespace nip::core
