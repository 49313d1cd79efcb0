// update_schedule.hpp first and alone: it must compile on its own.
#include "nip/sdk/rl/update_schedule.hpp"

#include <stdexcept>

#include <boost/test/unit_test.hpp>

namespace rl = nip::sdk::rl;

BOOST_AUTO_TEST_SUITE(update_schedule)

BOOST_AUTO_TEST_CASE(constant_updates_everyone_always) {
    const auto schedule = rl::UpdateSchedule::constant();
    for (std::int64_t iteration = 0; iteration < 5; ++iteration) {
        BOOST_TEST(schedule.updates(true, iteration));
        BOOST_TEST(schedule.updates(false, iteration));
    }
}

BOOST_AUTO_TEST_CASE(alternating_periodic_gives_each_side_its_share_of_a_period) {
    const auto schedule = rl::UpdateSchedule::alternating_periodic(5, 2);
    // Iterations 0, 1 (and 5, 6): the first agent; 2, 3, 4 (and 7, 8, 9): the others.
    for (std::int64_t iteration = 0; iteration < 10; ++iteration) {
        const bool first_turn = iteration % 5 < 2;
        BOOST_TEST(schedule.updates(true, iteration) == first_turn);
        BOOST_TEST(schedule.updates(false, iteration) == !first_turn);
    }
}

BOOST_AUTO_TEST_CASE(impossible_periods_are_refused) {
    BOOST_CHECK_THROW(rl::UpdateSchedule::alternating_periodic(1, 1), std::invalid_argument);
    BOOST_CHECK_THROW(rl::UpdateSchedule::alternating_periodic(4, 4), std::invalid_argument);
    BOOST_CHECK_THROW(rl::UpdateSchedule::alternating_periodic(4, 0), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
