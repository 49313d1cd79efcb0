#include "nip/core/protocols/reward_rules.hpp"

namespace nip::core {

RewardRules RewardRules::from(const sdk::HyperParams& params) {
    RewardRules rules;
    rules.verifier_reward = params.get_double("protocol.verifier_reward");
    rules.verifier_incorrect_penalty = params.get_double("protocol.verifier_incorrect_penalty");
    rules.verifier_terminated_penalty = params.get_double("protocol.verifier_terminated_penalty");
    rules.verifier_no_guess_reward = params.get_double("protocol.verifier_no_guess_reward");
    rules.prover_reward = params.get_double("protocol.prover_reward");
    rules.shared_reward = params.get_bool("protocol.shared_reward");
    // The schema allows null or one of these choices; validation ran before we get here.
    const std::string force_guess = params.json("protocol.force_guess");
    if (force_guess == "\"zero\"") {
        rules.force_guess = ForceGuess::zero;
    } else if (force_guess == "\"one\"") {
        rules.force_guess = ForceGuess::one;
    } else if (force_guess == "\"y\"") {
        rules.force_guess = ForceGuess::label;
    }
    return rules;
}

} // namespace nip::core
