// observation_norm.hpp first and alone: it must compile on its own.
#include "nip/sdk/rl/observation_norm.hpp"

#include <boost/test/unit_test.hpp>

namespace rl = nip::sdk::rl;

BOOST_AUTO_TEST_SUITE(observation_norm)

BOOST_AUTO_TEST_CASE(fitted_keys_are_standardised_and_the_rest_left_alone) {
    rl::ObservationNorm norm;
    BOOST_TEST(!norm.fitted());
    // Feature 0 varies (mean 2, std 1); feature 1 is constant.
    const auto samples = torch::tensor({1.0F, 5.0F, 2.0F, 5.0F, 3.0F, 5.0F}).view({3, 2});
    norm.fit({{"features", samples}});
    BOOST_TEST(norm.fitted());

    const auto round = torch::tensor({std::int64_t{4}});
    const auto out =
        norm.apply({{"features", torch::tensor({3.0F, 5.5F}).view({1, 2})}, {"round", round}});
    BOOST_TEST(out.at("features")[0][0].item<double>() == 1.0, boost::test_tools::tolerance(1e-6));
    // A feature seen constant is scaled by min_scale, not by ~0.
    BOOST_TEST(out.at("features")[0][1].item<double>() == 0.5 / rl::ObservationNorm::min_scale,
               boost::test_tools::tolerance(1e-4));
    BOOST_TEST(out.at("round").equal(round));
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

BOOST_AUTO_TEST_CASE(a_missing_key_is_named) {
    rl::ObservationNorm norm;
    norm.fit({{"features", torch::randn({4, 2})}});
    BOOST_CHECK_EXCEPTION(norm.apply({{"other", torch::zeros({1, 2})}}), std::invalid_argument,
                          [](const std::invalid_argument& e) {
                              return std::string(e.what()).find("'features'") != std::string::npos;
                          });
}

BOOST_AUTO_TEST_SUITE_END()
