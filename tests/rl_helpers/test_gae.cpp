// gae.hpp first and alone: it must compile on its own.
#include "nip/sdk/rl/gae.hpp"

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <vector>

#include <boost/test/unit_test.hpp>

namespace rl = nip::sdk::rl;

namespace {

// Rows are time steps, columns environments: {{t0e0, t0e1}, {t1e0, t1e1}, ...}.
torch::Tensor time_major(std::initializer_list<std::initializer_list<double>> rows) {
    std::vector<torch::Tensor> steps;
    for (const auto& row : rows) {
        steps.push_back(torch::tensor(std::vector<double>(row), torch::kDouble));
    }
    return torch::stack(steps);
}

bool all_close(const torch::Tensor& actual, const torch::Tensor& expected) {
    return actual.sizes() == expected.sizes() && torch::allclose(actual, expected, 1e-9, 1e-12);
}

} // namespace

BOOST_AUTO_TEST_SUITE(gae)

// gamma = 0.5, lambda = 0.5, so gamma * lambda = 0.25.
// env 0: t0 continues, t1 ends by termination (next value ignored), t2 starts a new
// episode and continues past the rollout window (bootstraps from next value 3).
//   delta_0 = 1 + 0.5 * 1       - 0.5 =  1.0
//   delta_1 = 2 + 0.5 * 4 * 0   - 1   =  1.0
//   delta_2 = 0 + 0.5 * 3       - 2   = -0.5
//   A_2 = -0.5
//   A_1 =  1.0                 (done: A_2 belongs to the next episode)
//   A_0 =  1.0 + 0.25 * 1.0 = 1.25
//   targets A + V: 1.75, 2.0, 1.5
// env 1: t0 continues, t1 is truncated (done, not terminated: bootstraps from 4 but
// does not carry A_2 back), t2 continues.
//   delta_0 = 0 + 0.5 * 2 - 1 = 0
//   delta_1 = 1 + 0.5 * 4 - 2 = 1
//   delta_2 = 1 + 0.5 * 2 - 0 = 2
//   A_2 = 2;  A_1 = 1;  A_0 = 0 + 0.25 * 1 = 0.25
//   targets A + V: 1.25, 3, 2
BOOST_AUTO_TEST_CASE(matches_hand_computed_continuing_terminated_and_truncated_steps) {
    const auto rewards = time_major({{1, 0}, {2, 1}, {0, 1}});
    const auto values = time_major({{0.5, 1}, {1, 2}, {2, 0}});
    const auto next_values = time_major({{1, 2}, {4, 4}, {3, 2}});
    const auto done = time_major({{0, 0}, {1, 1}, {0, 0}}).to(torch::kBool);
    const auto terminated = time_major({{0, 0}, {1, 0}, {0, 0}}).to(torch::kBool);

    const auto estimate = rl::generalised_advantage_estimate(rewards, values, next_values, done,
                                                             terminated, 0.5, 0.5);

    BOOST_TEST(all_close(estimate.advantages, time_major({{1.25, 0.25}, {1.0, 1.0}, {-0.5, 2.0}})));
    BOOST_TEST(
        all_close(estimate.value_targets, time_major({{1.75, 1.25}, {2.0, 3.0}, {1.5, 2.0}})));
}

BOOST_AUTO_TEST_CASE(terminated_alone_also_ends_the_recursion) {
    const auto rewards = time_major({{1, 0}, {2, 1}, {0, 1}});
    const auto values = time_major({{0.5, 1}, {1, 2}, {2, 0}});
    const auto next_values = time_major({{1, 2}, {4, 4}, {3, 2}});
    const auto terminated = time_major({{0, 0}, {1, 0}, {0, 0}});

    const auto with_done = rl::generalised_advantage_estimate(rewards, values, next_values,
                                                              terminated, terminated, 0.5, 0.5);
    const auto without_done = rl::generalised_advantage_estimate(
        rewards, values, next_values, torch::zeros_like(terminated), terminated, 0.5, 0.5);

    BOOST_TEST(all_close(without_done.advantages, with_done.advantages));
}

BOOST_AUTO_TEST_CASE(gamma_zero_gives_reward_minus_value) {
    torch::manual_seed(3);
    const auto rewards = torch::randn({5, 4}, torch::kDouble);
    const auto values = torch::randn({5, 4}, torch::kDouble);
    const auto next_values = torch::randn({5, 4}, torch::kDouble);
    const auto done = torch::rand({5, 4}) < 0.3;
    const auto terminated = done & (torch::rand({5, 4}) < 0.5);

    const auto estimate = rl::generalised_advantage_estimate(rewards, values, next_values, done,
                                                             terminated, 0.0, 0.95);

    BOOST_TEST(all_close(estimate.advantages, rewards - values));
    BOOST_TEST(all_close(estimate.value_targets, rewards));
}

// With lambda = 1 GAE is the Monte-Carlo return (bootstrapped at the window's end)
// minus the value; the reference sums the discounted rewards directly, no recursion.
BOOST_AUTO_TEST_CASE(lambda_one_gives_discounted_return_minus_value) {
    torch::manual_seed(5);
    const std::int64_t steps = 6;
    const double gamma = 0.9;
    const auto rewards = torch::randn({steps, 3}, torch::kDouble);
    const auto values = torch::randn({steps, 3}, torch::kDouble);
    // A consistent critic: the next state's value is the value of the next step's state.
    const auto next_values = torch::cat({values.slice(0, 1), torch::randn({1, 3}, torch::kDouble)});
    const auto no_flags = torch::zeros({steps, 3}, torch::kBool);

    const auto estimate = rl::generalised_advantage_estimate(rewards, values, next_values, no_flags,
                                                             no_flags, gamma, 1.0);

    auto expected = torch::empty_like(rewards);
    for (std::int64_t t = 0; t < steps; ++t) {
        auto discounted_return = torch::zeros({3}, torch::kDouble);
        for (std::int64_t k = t; k < steps; ++k) {
            discounted_return += std::pow(gamma, static_cast<double>(k - t)) * rewards[k];
        }
        discounted_return +=
            std::pow(gamma, static_cast<double>(steps - t)) * next_values[steps - 1];
        expected[t] = discounted_return - values[t];
    }
    BOOST_TEST(all_close(estimate.advantages, expected));
}

BOOST_AUTO_TEST_CASE(result_carries_no_gradient) {
    const auto values = torch::zeros({2, 2}, torch::requires_grad());
    const auto flags = torch::zeros({2, 2});
    const auto estimate = rl::generalised_advantage_estimate(torch::ones({2, 2}), values, values,
                                                             flags, flags, 0.9, 0.9);
    BOOST_TEST(!estimate.advantages.requires_grad());
    BOOST_TEST(!estimate.value_targets.requires_grad());
}

BOOST_AUTO_TEST_CASE(rejects_mismatched_shapes_and_bad_coefficients) {
    const auto rewards = torch::zeros({3, 2});
    const auto flags = torch::zeros({3, 2});
    BOOST_CHECK_THROW(rl::generalised_advantage_estimate(rewards, torch::zeros({3, 2, 1}), rewards,
                                                         flags, flags, 0.9, 0.9),
                      std::invalid_argument);
    BOOST_CHECK_THROW(
        rl::generalised_advantage_estimate(rewards, rewards, rewards, flags, flags, 1.5, 0.9),
        std::invalid_argument);
    BOOST_CHECK_THROW(
        rl::generalised_advantage_estimate(rewards, rewards, rewards, flags, flags, 0.9, -0.1),
        std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(normalised_advantages_have_mean_zero_and_std_one) {
    torch::manual_seed(7);
    const auto advantages = 3.0 * torch::randn({64, 8}, torch::kDouble) + 5.0;

    const auto normalised = rl::normalise_advantages(advantages);

    BOOST_TEST(std::abs(normalised.mean().item<double>()) < 1e-9);
    BOOST_TEST(std::abs(normalised.std().item<double>() - 1.0) < 1e-6);
    BOOST_TEST(normalised.sizes() == advantages.sizes());
}

BOOST_AUTO_TEST_CASE(normalising_a_constant_batch_gives_zeros_not_nan) {
    const auto constant = rl::normalise_advantages(torch::full({4}, 2.5));
    BOOST_TEST(torch::equal(constant, torch::zeros({4})));
    // One sample has no spread: the original leaves it as it is.
    const auto single = rl::normalise_advantages(torch::full({1}, 2.5));
    BOOST_TEST(torch::equal(single, torch::full({1}, 2.5)));
}

BOOST_AUTO_TEST_CASE(statistics_come_from_the_frames_where_the_agent_acts) {
    // The agent acts in the first four frames; the last four (another agent's turns) hold
    // advantages on another scale that must not shift or shrink its own.
    const auto advantages = torch::tensor({1.0, 2.0, 3.0, 4.0, 100.0, -50.0, 70.0, 0.0});
    const auto acting = torch::tensor({true, true, true, true, false, false, false, false});
    const auto normalised = rl::normalise_advantages(advantages, acting);
    const auto own = normalised.masked_select(acting);
    BOOST_TEST(std::abs(own.mean().item<double>()) < 1e-6);
    BOOST_TEST(std::abs(own.std().item<double>() - 1.0) < 1e-6);
    // Everything is shifted and scaled alike.
    BOOST_TEST(normalised[4].item<double>() ==
                   (100.0 - 2.5) / torch::tensor({1.0, 2.0, 3.0, 4.0}).std().item<double>(),
               boost::test_tools::tolerance(1e-6));
}

BOOST_AUTO_TEST_SUITE_END()
