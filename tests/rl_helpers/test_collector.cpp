// multi_agent_rollout.hpp first and alone: it must compile on its own.
#include "nip/sdk/rl/multi_agent_rollout.hpp"

#include <cmath>

#include <boost/test/unit_test.hpp>

#include "../support/fake_game.hpp"

namespace rl = nip::sdk::rl;

BOOST_AUTO_TEST_SUITE(collector)

BOOST_AUTO_TEST_CASE(a_verifier_decision_that_cannot_count_is_neither_sampled_nor_scored) {
    // With min_rounds 3 the verifier's decisions count from round 2 on. Its policy says
    // accept 91% of the time; in round 0 that choice would have no effect, so it must not
    // be drawn, and its log-probability and entropy must hold the message part alone.
    const std::int64_t messages = 5;
    fake_game::Protocol protocol(8, 3);
    fake_game::Environment environment(protocol, 16, messages);
    auto prover = fake_game::agent(messages, {0.0F, 0.0F, 0.0F});
    auto verifier = fake_game::agent(messages, {0.0F, 3.0F, 0.0F});
    rl::MultiAgentCollector collector(environment, protocol, {&prover, &verifier}, nullptr);
    auto generator = at::make_generator<at::CPUGeneratorImpl>(5);
    const auto rollout = collector.collect(3, generator);

    const auto decides = rollout.stacked("decides").select(2, 1);   // (T, B)
    const auto decision = rollout.stacked("decision").select(2, 1); // (T, B)
    const auto log_prob = rollout.stacked("log_prob").select(2, 1);
    const auto entropy = rollout.stacked("decision_entropy").select(2, 1);
    BOOST_TEST(!decides[0].any().item<bool>());
    BOOST_TEST((decision[0] == nip::sdk::continue_game).all().item<bool>());
    BOOST_TEST(log_prob[0].allclose(torch::full({16}, std::log(1.0 / messages)), 1e-6, 1e-6));
    BOOST_TEST(entropy[0].abs().sum().item<double>() == 0.0);
    // Round 2: the verifier decides, and its decision is drawn and scored.
    BOOST_TEST(decides[2].all().item<bool>());
    BOOST_TEST((decision[2] == nip::sdk::accept).any().item<bool>());
    BOOST_TEST((entropy[2] > 0.1).all().item<bool>());
    BOOST_TEST((log_prob[2] < std::log(1.0 / messages) - 0.05).all().item<bool>());
}

BOOST_AUTO_TEST_CASE(decision_mask_follows_turns_and_min_rounds) {
    fake_game::Protocol protocol(6, 3);
    const auto mask = protocol.decision_mask(torch::arange(6, torch::kInt64));
    // Prover never decides; the verifier at even rounds from round 2 on.
    BOOST_TEST(!mask.select(1, 0).any().item<bool>());
    BOOST_TEST(mask.select(1, 1).equal(torch::tensor({false, false, true, false, true, false})));
}

BOOST_AUTO_TEST_SUITE_END()
