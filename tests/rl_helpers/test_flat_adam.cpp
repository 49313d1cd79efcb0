// flat_adam.hpp first and alone: it must compile on its own.
#include "nip/sdk/flat_adam.hpp"

#include <boost/test/unit_test.hpp>

namespace sdk = nip::sdk;

BOOST_AUTO_TEST_SUITE(flat_adam)

namespace {

// Two small linear layers, seeded, and a loss on fixed inputs.
struct Model {
    torch::nn::Linear first{3, 4};
    torch::nn::Linear second{4, 2};
    std::vector<torch::Tensor> parameters() const {
        auto all = first->parameters();
        for (const auto& p : second->parameters()) {
            all.push_back(p);
        }
        return all;
    }
    torch::Tensor loss(const torch::Tensor& input) {
        return second->forward(torch::tanh(first->forward(input))).pow(2).sum();
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(steps_like_torch_optim_adam) {
    torch::manual_seed(3);
    Model flat_model;
    Model reference_model;
    {
        torch::NoGradGuard no_grad;
        const auto from = flat_model.parameters();
        auto to = reference_model.parameters();
        for (std::size_t i = 0; i < from.size(); ++i) {
            to[i].copy_(from[i]);
        }
    }
    sdk::FlatParameters flat(flat_model.parameters());
    sdk::FlatAdam adam(flat.numel(), 1e-5);
    torch::optim::Adam reference(reference_model.parameters(),
                                 torch::optim::AdamOptions(0.01).eps(1e-5));
    const auto input = torch::randn({5, 3});
    for (int step = 0; step < 5; ++step) {
        flat.zero_grad();
        flat_model.loss(input).backward();
        adam.step(flat, 0.01);
        reference.zero_grad();
        reference_model.loss(input).backward();
        reference.step();
    }
    const auto got = flat_model.parameters();
    const auto want = reference_model.parameters();
    for (std::size_t i = 0; i < got.size(); ++i) {
        BOOST_TEST(got[i].allclose(want[i], 1e-6, 1e-7));
    }
    BOOST_TEST(adam.steps() == 5);
}

BOOST_AUTO_TEST_CASE(parameters_view_the_buffer_and_gradients_add_into_it) {
    Model model;
    sdk::FlatParameters flat(model.parameters());
    BOOST_TEST(flat.numel() == 3 * 4 + 4 + 4 * 2 + 2);
    {
        torch::NoGradGuard no_grad;
        flat.data().fill_(0.5F);
    }
    BOOST_TEST((model.first->weight == 0.5F).all().item<bool>());
    model.loss(torch::ones({1, 3})).backward();
    BOOST_TEST(flat.grad().abs().sum().item<double>() > 0.0);
    BOOST_TEST(model.second->bias.grad().data_ptr() ==
               flat.grad().narrow(0, flat.numel() - 2, 2).data_ptr());
    flat.zero_grad();
    BOOST_TEST(flat.grad().abs().sum().item<double>() == 0.0);
    BOOST_TEST(model.first->weight.grad().defined());
}

BOOST_AUTO_TEST_CASE(clipping_scales_a_group_by_its_joint_norm) {
    Model a;
    Model b;
    sdk::FlatParameters flat_a(a.parameters());
    sdk::FlatParameters flat_b(b.parameters());
    {
        torch::NoGradGuard no_grad;
        flat_a.grad().fill_(3.0F);
        flat_b.grad().fill_(4.0F);
    }
    const double norm_a = std::sqrt(9.0 * static_cast<double>(flat_a.numel()));
    const double norm_b = std::sqrt(16.0 * static_cast<double>(flat_b.numel()));
    const double joint = std::sqrt(norm_a * norm_a + norm_b * norm_b);
    const double before = sdk::clip_flat_gradients({&flat_a, &flat_b}, 1.0);
    BOOST_TEST(before == joint, boost::test_tools::tolerance(1e-6));
    // Both scaled by one factor: the joint norm is 1, the ratio between them kept.
    const auto after_a = flat_a.grad().norm().item<double>();
    const auto after_b = flat_b.grad().norm().item<double>();
    BOOST_TEST(std::sqrt(after_a * after_a + after_b * after_b) == 1.0,
               boost::test_tools::tolerance(1e-5));
    BOOST_TEST(after_b / after_a == norm_b / norm_a, boost::test_tools::tolerance(1e-5));
    // Below the limit nothing changes.
    const auto kept = flat_a.grad().clone();
    sdk::clip_flat_gradients({&flat_a}, 100.0);
    BOOST_TEST(flat_a.grad().equal(kept));
}

BOOST_AUTO_TEST_CASE(state_saves_and_loads_exactly_and_refuses_another_size) {
    Model model;
    sdk::FlatParameters flat(model.parameters());
    sdk::FlatAdam adam(flat.numel());
    model.loss(torch::ones({2, 3})).backward();
    adam.step(flat, 0.1);
    std::map<std::string, torch::Tensor> saved;
    adam.save(saved, "adam/");
    sdk::FlatAdam restored(flat.numel());
    restored.load(saved, "adam/", "model");
    std::map<std::string, torch::Tensor> again;
    restored.save(again, "adam/");
    for (const auto& [key, tensor] : saved) {
        BOOST_TEST(again.at(key).equal(tensor), key);
    }
    sdk::FlatAdam other(flat.numel() + 1);
    BOOST_CHECK_THROW(other.load(saved, "adam/", "model"), std::runtime_error);
}

BOOST_AUTO_TEST_SUITE_END()
