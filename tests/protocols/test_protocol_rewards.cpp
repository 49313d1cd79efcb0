// The reward rules of every protocol but nip (test_nip_rewards.cpp), one table row per
// rule case: a step of one game, each agent's reward and the done flags. Provers' pay as
// the original's _include_prover_rewards: debate and merlin_arthur pay prover0 on reject
// and prover1 on accept, mnip pays both on accept, adp's one prover on accept, and the
// solo verifier has none.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "nip/core/protocols/adp_protocol.hpp"
#include "nip/core/protocols/debate_protocol.hpp"
#include "nip/core/protocols/merlin_arthur_protocol.hpp"
#include "nip/core/protocols/mnip_protocol.hpp"
#include "nip/core/protocols/solo_verifier_protocol.hpp"

namespace {

using namespace nip::core;

RewardRules distinct_rules(bool shared) {
    RewardRules rules;
    rules.verifier_reward = 1.5;
    rules.verifier_incorrect_penalty = -2.0;
    rules.verifier_terminated_penalty = -3.0;
    rules.verifier_no_guess_reward = 0.25;
    rules.prover_reward = 0.75;
    rules.shared_reward = shared;
    return rules;
}

std::unique_ptr<nip::sdk::ProtocolHandler> make(const std::string& name, bool shared) {
    const auto rules = distinct_rules(shared);
    if (name == "adp") {
        return std::make_unique<AdpProtocol>(rules);
    }
    if (name == "debate") {
        return std::make_unique<DebateProtocol>(8, 1, TwoProverTurns{}, rules);
    }
    if (name == "mnip") {
        return std::make_unique<MnipProtocol>(8, 1, TwoProverTurns{}, rules);
    }
    if (name == "merlin_arthur") {
        return std::make_unique<MerlinArthurProtocol>(rules);
    }
    return std::make_unique<SoloVerifierProtocol>(rules);
}

struct Case {
    std::string protocol;
    std::string name;
    std::int64_t round;
    std::int64_t decision; // the verifier's
    std::int64_t label;
    bool shared;
    // Expected rewards in the protocol's agent order, and the flags.
    std::vector<double> rewards;
    bool decided;
    bool terminated;
};

std::ostream& operator<<(std::ostream& out, const Case& c) {
    return out << c.protocol << ": " << c.name;
}

// Agents: adp (prover, verifier); debate, mnip, merlin_arthur (prover0, prover1, verifier);
// solo_verifier (verifier). Verifier turns: adp and merlin_arthur round 1; debate and mnip
// (verifier first, simultaneous) even rounds; solo_verifier round 0.
const Case cases[] = {
    {"adp", "correct accept", 1, 1, 1, false, {0.75, 1.5}, true, false},
    {"adp", "correct reject", 1, 0, 0, false, {0.0, 1.5}, true, false},
    {"adp", "wrong accept", 1, 1, 0, false, {0.75, -2.0}, true, false},
    {"adp", "no decision in the last round terminates", 1, 2, 1, false, {0.0, -3.0}, false, true},
    {"adp", "prover's round: decision ignored", 0, 1, 1, false, {0.0, 0.0}, false, false},
    {"adp", "shared reward", 1, 0, 1, true, {-2.0, -2.0}, true, false},

    {"debate", "correct accept pays prover1", 0, 1, 1, false, {0.0, 0.75, 1.5}, true, false},
    {"debate", "correct reject pays prover0", 2, 0, 0, false, {0.75, 0.0, 1.5}, true, false},
    {"debate", "wrong reject pays prover0", 4, 0, 1, false, {0.75, 0.0, -2.0}, true, false},
    {"debate", "no guess", 2, 2, 0, false, {0.0, 0.0, 0.25}, false, false},
    {"debate", "provers' round: decision ignored", 3, 1, 1, false, {0.0, 0.0, 0.0}, false, false},
    {"debate", "last round terminates", 7, 2, 1, false, {0.0, 0.0, -3.0}, false, true},
    {"debate", "shared reward", 0, 1, 0, true, {-2.0, -2.0, -2.0}, true, false},

    {"mnip", "correct accept pays both", 0, 1, 1, false, {0.75, 0.75, 1.5}, true, false},
    {"mnip", "wrong accept pays both", 2, 1, 0, false, {0.75, 0.75, -2.0}, true, false},
    {"mnip", "reject pays neither", 2, 0, 0, false, {0.0, 0.0, 1.5}, true, false},
    {"mnip", "no guess", 4, 2, 0, false, {0.0, 0.0, 0.25}, false, false},
    {"mnip", "last round terminates", 7, 2, 0, false, {0.0, 0.0, -3.0}, false, true},
    {"mnip", "shared reward", 6, 0, 0, true, {1.5, 1.5, 1.5}, true, false},

    {"merlin_arthur", "accept pays prover1", 1, 1, 1, false, {0.0, 0.75, 1.5}, true, false},
    {"merlin_arthur", "reject pays prover0", 1, 0, 1, false, {0.75, 0.0, -2.0}, true, false},
    {"merlin_arthur", "no decision terminates", 1, 2, 0, false, {0.0, 0.0, -3.0}, false, true},
    {"merlin_arthur",
     "provers' round: decision ignored",
     0,
     0,
     0,
     false,
     {0.0, 0.0, 0.0},
     false,
     false},

    {"solo_verifier", "correct", 0, 0, 0, false, {1.5}, true, false},
    {"solo_verifier", "wrong", 0, 1, 0, false, {-2.0}, true, false},
    // The original ends the game at round 0 whatever happens: no decision terminates it.
    {"solo_verifier", "no decision terminates at once", 0, 2, 1, false, {-3.0}, false, true},
};

} // namespace

BOOST_DATA_TEST_CASE(protocol_reward_rule, boost::unit_test::data::make(cases), c) {
    // Explicit types: inside the data test case, `auto` from `c` would be dependent.
    const std::unique_ptr<nip::sdk::ProtocolHandler> protocol = make(c.protocol, c.shared);
    const std::int64_t num_agents = static_cast<std::int64_t>(protocol->agent_names().size());
    BOOST_REQUIRE_EQUAL(static_cast<std::size_t>(num_agents), c.rewards.size());

    nip::sdk::StepInputs step;
    step.round = torch::tensor({c.round});
    // Provers' decisions must never matter: give them one that would count for a verifier.
    torch::Tensor decision = torch::ones({1, num_agents}, torch::kInt64);
    decision[0][num_agents - 1] = c.decision; // the verifier is the last agent everywhere
    step.decision = decision;
    step.label = torch::tensor({c.label});
    step.game_seed = torch::tensor({std::int64_t{6}});
    const nip::sdk::StepOutcome outcome = protocol->step_outcome(step);

    BOOST_TEST(outcome.reward.sizes() == torch::IntArrayRef({1, num_agents}));
    for (std::int64_t a = 0; a < num_agents; ++a) {
        BOOST_TEST_INFO("agent " << protocol->agent_names()[static_cast<std::size_t>(a)]);
        BOOST_TEST(outcome.reward[0][a].item<double>() == c.rewards[static_cast<std::size_t>(a)]);
    }
    BOOST_TEST(outcome.decided[0].item<bool>() == c.decided);
    BOOST_TEST(outcome.terminated[0].item<bool>() == c.terminated);
    BOOST_TEST(outcome.done[0].item<bool>() == (c.decided || c.terminated));
    BOOST_TEST(outcome.accepted[0].item<bool>() == (c.decided && c.decision == 1));
}
