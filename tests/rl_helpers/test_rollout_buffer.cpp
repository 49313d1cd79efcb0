// rollout_buffer.hpp first and alone: it must compile on its own.
#include "nip/sdk/rl/rollout_buffer.hpp"

#include <map>
#include <stdexcept>
#include <string>

#include <boost/test/unit_test.hpp>

namespace rl = nip::sdk::rl;

BOOST_AUTO_TEST_SUITE(rollout_buffer)

namespace {

// Step t of 2 environments: observation (2, 3) filled with t, reward (2,) filled with t.
std::map<std::string, torch::Tensor> step(double t) {
    return {{"observation", torch::full({2, 3}, t)}, {"reward", torch::full({2}, t)}};
}

} // namespace

BOOST_AUTO_TEST_CASE(stacks_time_major_and_flattens_time_then_environment) {
    rl::RolloutBuffer buffer(4, 2);
    for (int t = 0; t < 4; ++t) {
        BOOST_TEST(!buffer.full());
        buffer.add(step(t));
    }
    BOOST_TEST(buffer.full());

    const auto observations = buffer.stacked("observation");
    BOOST_TEST(observations.sizes() == torch::IntArrayRef({4, 2, 3}));
    BOOST_TEST(observations[2][1][0].item<double>() == 2.0);
    const auto rewards = buffer.flat("reward");
    BOOST_TEST(rewards.sizes() == torch::IntArrayRef({8}));
    // Row-major: both environments of step 0, then of step 1...
    BOOST_TEST(torch::equal(rewards, torch::tensor({0., 0., 1., 1., 2., 2., 3., 3.})));
    BOOST_TEST(buffer.flat("observation").sizes() == torch::IntArrayRef({8, 3}));
}

BOOST_AUTO_TEST_CASE(clear_empties_it_for_the_next_rollout) {
    rl::RolloutBuffer buffer(1, 2);
    buffer.add(step(0));
    BOOST_CHECK_THROW(buffer.add(step(1)), std::logic_error);
    buffer.clear();
    BOOST_TEST(buffer.size() == 0);
    buffer.add(step(5));
    BOOST_TEST(buffer.stacked("reward")[0][0].item<double>() == 5.0);
}

BOOST_AUTO_TEST_CASE(stores_data_not_graphs) {
    rl::RolloutBuffer buffer(1, 2);
    const auto value = torch::ones({2}, torch::requires_grad());
    buffer.add({{"value", value * 2}});
    BOOST_TEST(!buffer.stacked("value").requires_grad());
}

BOOST_AUTO_TEST_CASE(rejects_steps_that_do_not_match) {
    rl::RolloutBuffer buffer(3, 2);
    BOOST_CHECK_THROW(buffer.add({{"reward", torch::zeros({3})}}), std::invalid_argument);
    buffer.add(step(0));
    BOOST_CHECK_THROW(buffer.add({{"reward", torch::zeros({2})}}), std::invalid_argument);
    BOOST_CHECK_THROW(
        buffer.add({{"observation", torch::zeros({2, 4})}, {"reward", torch::zeros({2})}}),
        std::invalid_argument);
    BOOST_CHECK_THROW(buffer.stacked("action"), std::invalid_argument);
    BOOST_TEST(buffer.size() == 1);
}

BOOST_AUTO_TEST_SUITE_END()
