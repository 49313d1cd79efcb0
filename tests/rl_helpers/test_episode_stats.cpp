// episode_stats.hpp first and alone: it must compile on its own.
#include "nip/sdk/rl/episode_stats.hpp"

#include <boost/test/unit_test.hpp>

namespace rl = nip::sdk::rl;

namespace {

torch::Tensor flags(std::vector<int> values) {
    return torch::tensor(std::vector<std::int64_t>(values.begin(), values.end())).to(torch::kBool);
}
torch::Tensor ints(std::vector<std::int64_t> values) {
    return torch::tensor(values);
}

} // namespace

BOOST_AUTO_TEST_SUITE(episode_stats)

BOOST_AUTO_TEST_CASE(accuracy_counts_ended_games_and_a_timeout_as_wrong) {
    // Five steps: four games end (right accept, wrong reject, timeout, right reject) and
    // one is still in play (not counted).
    nip::sdk::TensorMap fields{
        {"done", flags({1, 1, 1, 1, 0})},     {"decided", flags({1, 1, 0, 1, 0})},
        {"accepted", flags({1, 0, 0, 0, 0})}, {"label", ints({1, 1, 1, 0, 1})},
        {"datapoint", ints({0, 1, 1, 2, 3})}, {"length", ints({1, 3, 8, 2, 4})}};
    const auto stats = rl::episode_stats(fields);
    BOOST_TEST(stats.num_episodes == 4);
    BOOST_TEST(stats.mean_accuracy == 0.5);
    BOOST_TEST(stats.mean_episode_length == 3.5);
    // Per datapoint: 0 -> 1, 1 -> 0 (two games, both wrong), 2 -> 1.
    BOOST_TEST(stats.mean_datapoint_accuracy == 2.0 / 3.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(stats.worst_datapoint_accuracy == 0.0);

    nip::sdk::Scalars scalars;
    stats.add_to(scalars, "test_");
    BOOST_TEST(scalars.size() == 6U);
    BOOST_TEST(scalars[2].first == "test_mean_accuracy");
}

BOOST_AUTO_TEST_CASE(no_ended_game_gives_zero_episodes) {
    nip::sdk::TensorMap fields{{"done", flags({0, 0})},     {"decided", flags({0, 0})},
                               {"accepted", flags({0, 0})}, {"label", ints({1, 0})},
                               {"datapoint", ints({0, 1})}, {"length", ints({1, 1})}};
    BOOST_TEST(rl::episode_stats(fields).num_episodes == 0);
}

BOOST_AUTO_TEST_CASE(fields_of_several_rollouts_concatenate) {
    nip::sdk::TensorMap a{{"done", flags({1})}, {"length", ints({2})}};
    nip::sdk::TensorMap b{{"done", flags({0, 1})}, {"length", ints({5, 3})}};
    const auto joined = rl::concatenate_fields({a, b});
    BOOST_TEST(joined.at("length").equal(ints({2, 5, 3})));
}

BOOST_AUTO_TEST_SUITE_END()
