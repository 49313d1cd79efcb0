// observation_norm.hpp first and alone: it must compile on its own.
#include "nip/sdk/rl/observation_norm.hpp"

#include <boost/test/unit_test.hpp>

#include "../support/fake_game.hpp"

namespace rl = nip::sdk::rl;

BOOST_AUTO_TEST_SUITE(observation_norm)

BOOST_AUTO_TEST_CASE(each_key_gets_one_location_and_one_scale_over_all_its_elements) {
    rl::ObservationNorm norm;
    BOOST_TEST(!norm.fitted());
    // Three samples of two features; the original (TorchRL's init_stats with reduce_dim
    // over every dimension) fits the mean and std of all six values together.
    const auto samples = torch::tensor({1.0F, 5.0F, 2.0F, 5.0F, 3.0F, 5.0F}).view({3, 2});
    norm.fit({{"features", samples}});
    BOOST_TEST(norm.fitted());
    BOOST_TEST(norm.loc("features").dim() == 0);
    BOOST_TEST(norm.scale("features").dim() == 0);
    BOOST_TEST(norm.loc("features").item<double>() == samples.mean().item<double>(),
               boost::test_tools::tolerance(1e-6));
    BOOST_TEST(norm.scale("features").item<double>() == samples.std().item<double>(),
               boost::test_tools::tolerance(1e-6));

    const auto round = torch::tensor({std::int64_t{4}});
    const auto observation = torch::tensor({3.0F, 5.5F}).view({1, 2});
    const auto out = norm.apply({{"features", observation}, {"round", round}});
    BOOST_TEST(
        out.at("features").allclose((observation - samples.mean()) / samples.std(), 1e-6, 1e-6));
    BOOST_TEST(out.at("round").equal(round));
}

BOOST_AUTO_TEST_CASE(a_history_row_never_set_while_fitting_is_not_amplified) {
    // Random play fills only the first two rounds of a four-round history; a message in
    // round 3 later must be scaled like any other, not by a tiny per-element spread.
    auto history = torch::zeros({200, 4, 6});
    history.select(1, 0).select(1, 0).fill_(1.0F);
    history.select(1, 1).narrow(0, 0, 100).select(1, 2).fill_(1.0F);
    rl::ObservationNorm norm;
    norm.fit({{"history", history}});
    auto late = torch::zeros({1, 4, 6});
    late[0][3][4] = 1.0F;
    auto early = torch::zeros({1, 4, 6});
    early[0][0][4] = 1.0F;
    const auto late_value = norm.apply({{"history", late}}).at("history")[0][3][4].item<double>();
    const auto early_value = norm.apply({{"history", early}}).at("history")[0][0][4].item<double>();
    BOOST_TEST(late_value == early_value);
    BOOST_TEST(late_value < 10.0);
}

BOOST_AUTO_TEST_CASE(random_play_is_fitted_as_torchrl_init_stats_counts_frames) {
    // Games end at the verifier's first counted decision: round 2 at the earliest with
    // min_rounds 2, so each rollout from a reset stops after at most 3 steps of 4 games.
    fake_game::Protocol protocol(8, 2);
    fake_game::Environment environment(protocol, 4, 5);
    rl::ObservationNorm norm;
    auto generator = at::make_generator<at::CPUGeneratorImpl>(11);
    const auto frames = rl::fit_on_random_play(norm, environment, 2, 1, 20, generator, torch::kCPU);
    // Rollouts until at least 20 frames: each a reset and whole steps of 4 games.
    BOOST_TEST(frames >= 20);
    BOOST_TEST(frames % 4 == 0);
    BOOST_TEST(frames < 20 + 8 * 4);
    BOOST_TEST(environment.resets >= 2);
    BOOST_TEST(norm.loc("history").dim() == 0);
    BOOST_TEST(norm.loc("history").item<double>() > 0.0);
    BOOST_TEST(norm.scale("history").item<double>() > 0.0);
}

BOOST_AUTO_TEST_CASE(saved_statistics_load_back_exactly) {
    rl::ObservationNorm norm;
    norm.fit({{"features", torch::randn({10, 4})}});
    std::map<std::string, torch::Tensor> tensors;
    norm.save(tensors, "norm/");
    BOOST_TEST(tensors.size() == 2U);

    rl::ObservationNorm restored;
    restored.load(tensors, "norm/");
    const auto observation = torch::randn({3, 4});
    BOOST_TEST(restored.apply({{"features", observation}})
                   .at("features")
                   .equal(norm.apply({{"features", observation}}).at("features")));
}

BOOST_AUTO_TEST_CASE(per_element_statistics_of_older_checkpoints_are_refused) {
    std::map<std::string, torch::Tensor> tensors{{"norm/loc.features", torch::zeros({4})},
                                                 {"norm/scale.features", torch::ones({4})}};
    rl::ObservationNorm norm;
    BOOST_CHECK_EXCEPTION(norm.load(tensors, "norm/"), std::invalid_argument,
                          [](const std::invalid_argument& e) {
                              return std::string(e.what()).find("--no-resume") != std::string::npos;
                          });
}

BOOST_AUTO_TEST_CASE(a_missing_key_is_named) {
    rl::ObservationNorm norm;
    norm.fit({{"features", torch::randn({4, 2})}});
    BOOST_CHECK_EXCEPTION(norm.apply({{"other", torch::zeros({1, 2})}}), std::invalid_argument,
                          [](const std::invalid_argument& e) {
                              return std::string(e.what()).find("'features'") != std::string::npos;
                          });
}

BOOST_AUTO_TEST_SUITE_END()
