// minibatches.hpp first and alone: it must compile on its own.
#include "nip/sdk/rl/minibatches.hpp"

#include <cstdint>
#include <stdexcept>
#include <vector>

#include <boost/test/unit_test.hpp>

namespace rl = nip::sdk::rl;

namespace {

torch::Generator seeded(std::uint64_t seed) {
    return at::detail::createCPUGenerator(seed);
}

} // namespace

BOOST_AUTO_TEST_SUITE(minibatches)

BOOST_AUTO_TEST_CASE(cover_every_index_once_with_the_remainder_last) {
    auto generator = seeded(11);
    const auto minibatches = rl::shuffled_minibatch_indices(10, 4, generator);

    BOOST_TEST_REQUIRE(minibatches.size() == 3U);
    BOOST_TEST(minibatches[0].numel() == 4);
    BOOST_TEST(minibatches[1].numel() == 4);
    BOOST_TEST(minibatches[2].numel() == 2);
    const auto all = torch::cat(minibatches);
    BOOST_TEST((all.scalar_type() == torch::kLong));
    BOOST_TEST(torch::equal(std::get<0>(all.sort()), torch::arange(10, torch::kLong)));
    // A shuffle, not the identity (10! orders; the seed is fixed, so this cannot flake).
    BOOST_TEST(!torch::equal(all, torch::arange(10, torch::kLong)));
}

BOOST_AUTO_TEST_CASE(exact_division_gives_equal_minibatches) {
    auto generator = seeded(2);
    const auto minibatches = rl::shuffled_minibatch_indices(12, 4, generator);
    BOOST_TEST(minibatches.size() == 3U);
    for (const auto& minibatch : minibatches) {
        BOOST_TEST(minibatch.numel() == 4);
    }
}

BOOST_AUTO_TEST_CASE(the_generator_seed_fixes_the_order) {
    auto first = seeded(42);
    auto second = seeded(42);
    const auto a = torch::cat(rl::shuffled_minibatch_indices(100, 16, first));
    const auto b = torch::cat(rl::shuffled_minibatch_indices(100, 16, second));
    BOOST_TEST(torch::equal(a, b));

    // The generator advances: the next epoch draws a different order.
    const auto next_epoch = torch::cat(rl::shuffled_minibatch_indices(100, 16, first));
    BOOST_TEST(!torch::equal(a, next_epoch));
}

BOOST_AUTO_TEST_CASE(rejects_a_non_positive_minibatch_size) {
    auto generator = seeded(1);
    BOOST_CHECK_THROW(rl::shuffled_minibatch_indices(10, 0, generator), std::invalid_argument);
    BOOST_CHECK_THROW(rl::shuffled_minibatch_indices(-1, 4, generator), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
