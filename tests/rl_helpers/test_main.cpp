// The umbrella header comes first, alone: it must compile without help.
#include "nip/sdk/rl.hpp"

#define BOOST_TEST_MODULE rl_helpers
#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_CASE(umbrella_header_exposes_every_helper) {
    torch::Generator generator = at::detail::createCPUGenerator(1);
    nip::sdk::rl::RolloutBuffer buffer(1, 1);
    const auto minibatches = nip::sdk::rl::shuffled_minibatch_indices(1, 1, generator);
    const auto estimate = nip::sdk::rl::generalised_advantage_estimate(
        torch::ones({1, 1}), torch::zeros({1, 1}), torch::zeros({1, 1}), torch::zeros({1, 1}),
        torch::zeros({1, 1}), 0.9, 0.95);
    const nip::sdk::rl::KlPenaltyPpo penalty;
    BOOST_TEST(minibatches.size() == 1U);
    BOOST_TEST(estimate.advantages.item<double>() == 1.0);
    BOOST_TEST(penalty.beta() == 1.0);
    BOOST_TEST(!buffer.full());
}
