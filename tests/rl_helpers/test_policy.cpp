// policy.hpp first and alone: it must compile on its own.
#include "nip/sdk/rl/policy.hpp"

#include <cmath>
#include <limits>

#include <boost/test/unit_test.hpp>

namespace rl = nip::sdk::rl;

namespace {

constexpr float minus_infinity = -std::numeric_limits<float>::infinity();

// Two games, one channel, three message choices (the third is padding in game 1).
nip::sdk::PolicyOutput two_games() {
    nip::sdk::PolicyOutput policy;
    policy.message_logits =
        torch::tensor({0.0F, 0.0F, 0.0F, 1.0F, 0.0F, minus_infinity}).view({2, 1, 3});
    policy.decision_logits = torch::tensor({0.0F, 0.0F, 0.0F, 2.0F, 0.0F, 0.0F}).view({2, 3});
    return policy;
}

} // namespace

BOOST_AUTO_TEST_SUITE(policy)

BOOST_AUTO_TEST_CASE(log_prob_sums_only_the_parts_the_agent_acts_with) {
    const auto policy = two_games();
    const auto message = torch::tensor({2, 0}, torch::kInt64).view({2, 1});
    const auto decision = torch::tensor({1, 0}, torch::kInt64);
    // Game 0: writes and decides; game 1: decides only.
    const auto active = torch::tensor({true, false}).view({2, 1});
    const auto decides = torch::tensor({true, true});
    const auto scores = rl::score_actions(policy, message, decision, active, decides);

    const double uniform = std::log(1.0 / 3.0);
    const double game1_decision = 2.0 - std::log(std::exp(2.0) + 2.0);
    BOOST_TEST(scores.log_prob[0].item<double>() == 2 * uniform,
               boost::test_tools::tolerance(1e-6));
    BOOST_TEST(scores.log_prob[1].item<double>() == game1_decision,
               boost::test_tools::tolerance(1e-6));
    // Entropy: game 0 has two uniform parts; game 1's message (with an impossible choice)
    // is not counted and gives no NaN.
    BOOST_TEST(scores.entropy[0].item<double>() == 2 * std::log(3.0),
               boost::test_tools::tolerance(1e-6));
    BOOST_TEST(std::isfinite(scores.entropy[1].item<double>()));
    BOOST_TEST(scores.message_entropy[1].item<double>() == 0.0);
    BOOST_TEST(scores.max_message_prob[0].item<double>() == 1.0 / 3.0,
               boost::test_tools::tolerance(1e-6));
}

BOOST_AUTO_TEST_CASE(an_agent_that_does_not_act_has_log_prob_zero) {
    const auto policy = two_games();
    const auto scores = rl::score_actions(
        policy, torch::zeros({2, 1}, torch::kInt64), torch::full({2}, std::int64_t{2}),
        torch::zeros({2, 1}, torch::kBool), torch::zeros({2}, torch::kBool));
    BOOST_TEST(scores.log_prob.abs().sum().item<double>() == 0.0);
    BOOST_TEST(scores.entropy.abs().sum().item<double>() == 0.0);
}

BOOST_AUTO_TEST_CASE(sampling_never_picks_impossible_choices_and_follows_the_generator) {
    auto logits = torch::zeros({4000, 3});
    logits.select(1, 2).fill_(minus_infinity);
    auto generator = at::make_generator<at::CPUGeneratorImpl>(7);
    const auto drawn = rl::sample_categorical(logits, generator);
    BOOST_TEST((drawn == 2).sum().item<std::int64_t>() == 0);
    const double share_of_zero = (drawn == 0).to(torch::kDouble).mean().item<double>();
    BOOST_TEST(share_of_zero > 0.45);
    BOOST_TEST(share_of_zero < 0.55);

    auto same_seed = at::make_generator<at::CPUGeneratorImpl>(7);
    BOOST_TEST(rl::sample_categorical(logits, same_seed).equal(drawn));
}

BOOST_AUTO_TEST_CASE(sampled_decisions_are_continue_where_the_agent_does_not_decide) {
    auto generator = at::make_generator<at::CPUGeneratorImpl>(3);
    const auto actions = rl::sample_actions(two_games(), torch::ones({2, 1}, torch::kBool),
                                            torch::tensor({false, true}), generator);
    BOOST_TEST(actions.decision[0].item<std::int64_t>() == nip::sdk::continue_game);
    BOOST_TEST(actions.message[1][0].item<std::int64_t>() != 2);
}

BOOST_AUTO_TEST_SUITE_END()
