#include "nip/core/protocols/mnip_protocol.hpp"

namespace nip::core {

bool MnipProtocol::can_see_channel(std::size_t agent, std::size_t channel) const {
    if (channel >= message_channel_names().size()) {
        return false;
    }
    // The verifier sees both channels, each prover only its own.
    return agent == TwoProverTurns::verifier || agent == channel;
}

void MnipProtocol::add_prover_rewards(torch::Tensor& reward, const torch::Tensor& /*decided*/,
                                      const torch::Tensor& accepted) const {
    const auto paid = accepted.to(torch::kFloat) * static_cast<float>(rules().prover_reward);
    reward.select(1, TwoProverTurns::prover0).copy_(paid);
    reward.select(1, TwoProverTurns::prover1).copy_(paid);
}

} // namespace nip::core
