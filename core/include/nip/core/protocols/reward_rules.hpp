// The reward rules of REFERENCE.md ("The game"), each a hyper-parameter under `protocol.`.
#pragma once

#include <optional>
#include <string>

#include "nip/sdk/hyper_params.hpp"

namespace nip::core {

enum class ForceGuess { none, zero, one, label };

struct RewardRules {
    double verifier_reward = 1.0;              // a correct decision
    double verifier_incorrect_penalty = -1.0;  // a wrong decision
    double verifier_terminated_penalty = -1.0; // no decision by the last round
    double verifier_no_guess_reward = 0.0;     // a verifier turn that decides nothing
    double prover_reward = 1.0;                // the prover's side wins
    bool shared_reward = false;                // provers get the verifier's reward
    ForceGuess force_guess = ForceGuess::none; // overrides the verifier's decision

    static RewardRules from(const sdk::HyperParams& params);
};

} // namespace nip::core
