// The reward rules of the nip protocol, one table row per rule case (REFERENCE.md, "The
// game"). Each row plays one step of one game and checks both agents' rewards and the
// done flags.
#define BOOST_TEST_MODULE protocols
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>

#include "nip/core/protocols/nip_protocol.hpp"

namespace {

using nip::core::ForceGuess;
using nip::core::NipProtocol;
using nip::core::RewardRules;

// Distinct values so a row cannot pass by reading the wrong rule.
RewardRules distinct_rules() {
    RewardRules rules;
    rules.verifier_reward = 1.5;
    rules.verifier_incorrect_penalty = -2.0;
    rules.verifier_terminated_penalty = -3.0;
    rules.verifier_no_guess_reward = 0.25;
    rules.prover_reward = 0.75;
    return rules;
}

struct Case {
    std::string name;
    std::int64_t round;
    std::int64_t decision; // the verifier's
    std::int64_t label;
    std::int64_t min_rounds = 1;
    bool shared_reward = false;
    ForceGuess force_guess = ForceGuess::none;
    // Expected:
    double verifier_reward;
    double prover_reward;
    bool decided;
    bool terminated;
};

std::ostream& operator<<(std::ostream& out, const Case& c) {
    return out << c.name;
}

const Case cases[] = {
    // name, round, decision, label, min_rounds, shared, force | verifier, prover, decided,
    // terminated
    {"correct accept", 0, 1, 1, 1, false, ForceGuess::none, 1.5, 0.75, true, false},
    {"correct reject", 2, 0, 0, 1, false, ForceGuess::none, 1.5, 0.0, true, false},
    {"wrong accept", 0, 1, 0, 1, false, ForceGuess::none, -2.0, 0.75, true, false},
    {"wrong reject", 4, 0, 1, 1, false, ForceGuess::none, -2.0, 0.0, true, false},
    {"no guess on the verifier's turn", 2, 2, 1, 1, false, ForceGuess::none, 0.25, 0.0, false,
     false},
    {"prover's turn: verifier decision ignored", 1, 1, 1, 1, false, ForceGuess::none, 0.0, 0.0,
     false, false},
    {"guess before min_message_rounds - 1 ignored", 2, 1, 1, 4, false, ForceGuess::none, 0.25, 0.0,
     false, false},
    {"guess at min_message_rounds - 1 counts", 4, 1, 1, 4, false, ForceGuess::none, 1.5, 0.75, true,
     false},
    {"last round without a decision terminates", 7, 2, 1, 1, false, ForceGuess::none, -3.0, 0.0,
     false, true},
    {"last verifier turn without decision: no-guess reward", 6, 2, 0, 1, false, ForceGuess::none,
     0.25, 0.0, false, false},
    {"shared reward: prover gets the verifier's", 0, 0, 1, 1, true, ForceGuess::none, -2.0, -2.0,
     true, false},
    {"shared reward on a no-guess turn", 2, 2, 1, 1, true, ForceGuess::none, 0.25, 0.25, false,
     false},
    {"force_guess one overrides continue", 0, 2, 0, 1, false, ForceGuess::one, -2.0, 0.75, true,
     false},
    {"force_guess zero overrides accept", 0, 1, 0, 1, false, ForceGuess::zero, 1.5, 0.0, true,
     false},
    {"force_guess y always right", 2, 0, 1, 1, false, ForceGuess::label, 1.5, 0.75, true, false},
    {"force_guess waits for the verifier's turn", 3, 2, 1, 1, false, ForceGuess::one, 0.0, 0.0,
     false, false},
};

} // namespace

BOOST_DATA_TEST_CASE(nip_reward_rule, boost::unit_test::data::make(cases), c) {
    RewardRules rules = distinct_rules();
    rules.shared_reward = c.shared_reward;
    rules.force_guess = c.force_guess;
    const NipProtocol protocol(8, c.min_rounds, true, rules);

    nip::sdk::StepInputs step;
    step.round = torch::tensor({c.round});
    // The prover's decision must never matter: give it one that would count for a verifier.
    step.decision = torch::tensor({std::int64_t{1}, c.decision}).view({1, 2});
    step.label = torch::tensor({c.label});
    step.game_seed = torch::tensor({std::int64_t{7}});
    const auto outcome = protocol.step_outcome(step);

    BOOST_TEST(outcome.reward.sizes() == torch::IntArrayRef({1, 2}));
    BOOST_TEST(outcome.reward[0][NipProtocol::verifier].item<double>() == c.verifier_reward);
    BOOST_TEST(outcome.reward[0][NipProtocol::prover].item<double>() == c.prover_reward);
    BOOST_TEST(outcome.decided[0].item<bool>() == c.decided);
    BOOST_TEST(outcome.terminated[0].item<bool>() == c.terminated);
    BOOST_TEST(outcome.done[0].item<bool>() == (c.decided || c.terminated));
    const bool accepted_decision = c.force_guess == ForceGuess::one ||
                                   (c.force_guess == ForceGuess::label && c.label == 1) ||
                                   (c.force_guess == ForceGuess::none && c.decision == 1);
    BOOST_TEST(outcome.accepted[0].item<bool>() == (c.decided && accepted_decision));
}

BOOST_AUTO_TEST_CASE(a_batch_is_judged_game_by_game) {
    const NipProtocol protocol(8, 1, true, distinct_rules());
    nip::sdk::StepInputs step;
    using Values = std::vector<std::int64_t>;
    step.round = torch::tensor(Values{0, 1, 7, 2});
    step.decision = torch::tensor(Values{2, 1, 2, 1, 2, 2, 2, 0}).view({4, 2});
    step.label = torch::tensor(Values{1, 1, 0, 0});
    step.game_seed = torch::zeros({4}, torch::kInt64);
    const auto outcome = protocol.step_outcome(step);
    const auto verifier = outcome.reward.select(1, NipProtocol::verifier);
    BOOST_TEST(verifier[0].item<double>() == 1.5);  // correct accept
    BOOST_TEST(verifier[1].item<double>() == 0.0);  // prover's turn
    BOOST_TEST(verifier[2].item<double>() == -3.0); // out of rounds
    BOOST_TEST(verifier[3].item<double>() == 1.5);  // correct reject
    BOOST_TEST(outcome.done.to(torch::kInt64).sum().item<std::int64_t>() == 3);
}
