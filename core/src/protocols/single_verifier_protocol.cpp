#include "nip/core/protocols/single_verifier_protocol.hpp"

#include <stdexcept>

namespace nip::core {

SingleVerifierProtocol::SingleVerifierProtocol(std::int64_t max_rounds, std::int64_t min_rounds,
                                               RewardRules rules)
    : max_rounds_(max_rounds), min_rounds_(min_rounds), rules_(rules) {}

std::size_t SingleVerifierProtocol::verifier_index() const {
    const auto& names = agent_names();
    for (std::size_t agent = 0; agent < names.size(); ++agent) {
        if (names[agent] == "verifier") {
            return agent;
        }
    }
    throw std::logic_error("protocol '" + name() + "' has no agent named 'verifier'");
}

torch::Tensor SingleVerifierProtocol::newly_terminated(const torch::Tensor& round,
                                                       const torch::Tensor& decided) const {
    return (round >= max_rounds_ - 1) & decided.logical_not();
}

sdk::StepOutcome SingleVerifierProtocol::step_outcome(const sdk::StepInputs& step) const {
    const auto verifier = static_cast<std::int64_t>(verifier_index());
    const auto& round = step.round;
    const auto label = step.label.to(torch::kInt64);

    torch::Tensor decision = step.decision.select(1, verifier);
    switch (rules_.force_guess) {
    case ForceGuess::zero:
        decision = torch::zeros_like(decision);
        break;
    case ForceGuess::one:
        decision = torch::ones_like(decision);
        break;
    case ForceGuess::label:
        decision = label.clone();
        break;
    case ForceGuess::none:
        break;
    }

    const auto verifier_turn = active_mask(round, step.game_seed).select(1, verifier).any(-1);
    const auto decided =
        verifier_turn & (decision != sdk::continue_game) & (round >= min_rounds_ - 1);
    const auto accepted = decided & (decision == sdk::accept);
    const auto terminated = newly_terminated(round, decided);
    const auto done = decided | terminated;

    const auto num_agents = static_cast<std::int64_t>(agent_names().size());
    auto reward = torch::zeros({round.size(0), num_agents},
                               torch::TensorOptions().dtype(torch::kFloat).device(round.device()));
    auto verifier_reward = reward.select(1, verifier);
    const auto correct = decision == label;
    verifier_reward.masked_fill_(decided & correct, rules_.verifier_reward);
    verifier_reward.masked_fill_(decided & correct.logical_not(),
                                 rules_.verifier_incorrect_penalty);
    verifier_reward.masked_fill_(terminated, rules_.verifier_terminated_penalty);
    verifier_reward.masked_fill_(verifier_turn & done.logical_not(),
                                 rules_.verifier_no_guess_reward);

    if (rules_.shared_reward) {
        for (std::int64_t agent = 0; agent < num_agents; ++agent) {
            if (agent != verifier) {
                reward.select(1, agent).copy_(verifier_reward);
            }
        }
    } else {
        add_prover_rewards(reward, decided, accepted);
    }
    return {reward, decided, accepted, terminated, done};
}

void SingleVerifierProtocol::add_prover_rewards(torch::Tensor& reward, const torch::Tensor& decided,
                                                const torch::Tensor& accepted) const {
    std::vector<std::int64_t> provers;
    for (std::size_t agent = 0; agent < agent_names().size(); ++agent) {
        if (!is_verifier(agent)) {
            provers.push_back(static_cast<std::int64_t>(agent));
        }
    }
    const auto prover_reward = static_cast<float>(rules_.prover_reward);
    if (provers.size() == 1) {
        reward.select(1, provers[0]).copy_(accepted.to(torch::kFloat) * prover_reward);
    } else if (provers.size() == 2) {
        const auto rejected = decided & accepted.logical_not();
        reward.select(1, provers[0]).copy_(rejected.to(torch::kFloat) * prover_reward);
        reward.select(1, provers[1]).copy_(accepted.to(torch::kFloat) * prover_reward);
    }
}

} // namespace nip::core
