// StateParts: a trainer's parts saved by name and restored bit for bit, with errors that
// name what is missing.
#include "nip/sdk/state_parts.hpp"

#include <boost/test/unit_test.hpp>

#include "nip/sdk/flat_adam.hpp"

namespace {

bool same(const torch::Tensor& a, const torch::Tensor& b) {
    return a.sizes() == b.sizes() && a.dtype() == b.dtype() && torch::equal(a, b);
}

} // namespace

BOOST_AUTO_TEST_SUITE(state_parts)

BOOST_AUTO_TEST_CASE(every_kind_of_part_comes_back_bit_for_bit) {
    torch::manual_seed(1);
    auto model = std::make_shared<torch::nn::LinearImpl>(3, 2);
    torch::optim::Adam adam(model->parameters(), torch::optim::AdamOptions(0.01));
    model->forward(torch::randn({4, 3})).sum().backward();
    adam.step();
    auto generator = nip::sdk::make_generator(7);
    torch::randn({5}, generator); // move it on from its seed
    std::string notes = "{\"a\": 1}";
    double beta = 0.25;
    torch::Tensor counts = torch::arange(4);

    nip::sdk::StateParts parts;
    parts.module("model", model)
        .optimizer("adam", adam)
        .generator("generator", generator)
        .text("notes", notes)
        .number(
            "beta", [&] { return beta; }, [&](double value) { beta = value; })
        .tensor("counts", counts);
    nip::sdk::TensorMap saved;
    parts.save(saved);
    BOOST_TEST(saved.count("model/param:weight") == 1u);
    BOOST_TEST(saved.count("model/param:bias") == 1u);

    const auto weight = model->weight.detach().clone();
    const auto next_draw = torch::randn({3}, generator);
    // Everything moves on...
    {
        torch::NoGradGuard no_grad;
        model->weight.add_(1.0);
    }
    model->forward(torch::randn({4, 3})).sum().backward();
    adam.step();
    torch::randn({9}, generator);
    notes = "changed";
    beta = 4.0;
    counts = torch::zeros({1});
    // ... and comes back.
    parts.load(saved, "the test trainer");
    BOOST_TEST(same(model->weight, weight));
    BOOST_TEST(same(torch::randn({3}, generator), next_draw));
    BOOST_TEST(notes == "{\"a\": 1}");
    BOOST_TEST(beta == 0.25);
    BOOST_TEST(same(counts, torch::arange(4)));
    nip::sdk::TensorMap again;
    parts.save(again);
    BOOST_TEST(same(again.at("adam"), saved.at("adam")));
}

BOOST_AUTO_TEST_CASE(a_missing_part_is_named_with_its_owner) {
    auto generator = nip::sdk::make_generator(1);
    nip::sdk::StateParts parts;
    parts.generator("generator/sampling", generator);
    BOOST_CHECK_EXCEPTION(
        parts.load({}, "verifier"), std::runtime_error, [](const std::runtime_error& e) {
            return std::string(e.what()).find("The saved state of verifier has no "
                                              "'generator/sampling'") == 0;
        });
    auto model = std::make_shared<torch::nn::LinearImpl>(2, 2);
    nip::sdk::StateParts modules;
    modules.module("body", model);
    BOOST_CHECK_EXCEPTION(
        modules.load({}, "prover"), std::runtime_error, [](const std::runtime_error& e) {
            return std::string(e.what()).find("prover's body") != std::string::npos;
        });
}

BOOST_AUTO_TEST_SUITE_END()
