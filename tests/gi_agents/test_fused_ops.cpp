// The fused GIN layer, attention and tanh
// (core/src/scenarios/graph_isomorphism/agents/fused_ops.hpp) against the plain ATen composition of
// the same mathematics: float CPU tensors take the hand-written kernels and backward passes, double
// tensors take ATen's path differentiated by autograd, so comparing the two checks every forward
// value and every gradient of the kernels.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <limits>
#include <vector>

#include <torch/torch.h>

#include "fused_ops.hpp"

namespace gi = nip::core::gi_agents;

namespace {

struct Inputs {
    std::vector<torch::Tensor> tensors;
    // The same values in double, each a fresh leaf that records its gradient.
    std::vector<torch::Tensor> as(torch::ScalarType type) const {
        std::vector<torch::Tensor> out;
        for (const auto& tensor : tensors) {
            auto copy = tensor.to(type).detach();
            if (copy.is_floating_point()) {
                copy.requires_grad_(true);
            }
            out.push_back(copy);
        }
        return out;
    }
};

void check_close(const torch::Tensor& fused, const torch::Tensor& reference, double tolerance,
                 const std::string& what) {
    BOOST_TEST_CONTEXT(what) {
        BOOST_REQUIRE(fused.defined());
        BOOST_REQUIRE(reference.defined());
        BOOST_TEST(fused.sizes() == reference.sizes());
        const auto error = (fused.to(torch::kDouble) - reference).abs().max().item<double>();
        const auto size = reference.abs().max().item<double>();
        BOOST_TEST(error <= tolerance * (1.0 + size),
                   "max error " << error << " at scale " << size);
    }
}

// Random graphs of `nodes` nodes, some padded (mask 0 on their last nodes).
Inputs gin_inputs(std::int64_t graphs, std::int64_t nodes, std::int64_t width,
                  std::int64_t hidden) {
    torch::manual_seed(7);
    auto adjacency = (torch::rand({graphs, nodes, nodes}) < 0.4).to(torch::kFloat);
    adjacency = torch::maximum(adjacency, adjacency.transpose(1, 2));
    adjacency = adjacency * (1 - torch::eye(nodes));
    auto mask = torch::ones({graphs, nodes, 1});
    mask.index_put_({torch::indexing::Slice(0, graphs, 2), torch::indexing::Slice(nodes - 2)}, 0);
    return {{torch::randn({graphs, nodes, width}) * 2, adjacency, mask, torch::full({1}, 0.3),
             torch::randn({hidden, width}) * 0.3, torch::randn({hidden}) * 0.1,
             torch::randn({width, hidden}) * 0.3, torch::randn({width}) * 0.1}};
}

torch::Tensor run_gin(const std::vector<torch::Tensor>& t) {
    return gi::gin_layer(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]);
}

} // namespace

BOOST_AUTO_TEST_SUITE(fused_ops)

BOOST_AUTO_TEST_CASE(
    tanh_is_within_4e_7_of_the_exact_value_and_its_gradient_is_1_minus_tanh_squared) {
    auto x = torch::linspace(-12, 12, 200001).requires_grad_(true);
    const auto y = gi::fast_tanh(x);
    const auto exact = torch::tanh(x.detach().to(torch::kDouble));
    BOOST_TEST((y.detach().to(torch::kDouble) - exact).abs().max().item<double>() <= 4e-7);
    y.sum().backward();
    const auto expected = 1 - exact * exact;
    BOOST_TEST((x.grad().to(torch::kDouble) - expected).abs().max().item<double>() <= 1e-6);
    // Tiny inputs pass through unchanged (tanh(x) rounds to x there).
    const auto tiny = torch::tensor({1e-5F, -3e-4F, 0.0F});
    BOOST_TEST(torch::equal(gi::fast_tanh(tiny), tiny));
}

BOOST_AUTO_TEST_CASE(gin_layer_kernels_match_aten_in_value_and_every_gradient) {
    const auto inputs = gin_inputs(10, 11, 16, 32);
    const auto fused = inputs.as(torch::kFloat);
    const auto reference = inputs.as(torch::kDouble);
    const auto fused_out = run_gin(fused);
    const auto reference_out = run_gin(reference);
    check_close(fused_out, reference_out, 1e-5, "output");
    // Padding nodes give exactly zero.
    BOOST_TEST(fused_out.index({0, torch::indexing::Slice(9)}).abs().max().item<float>() == 0.0F);

    const auto upstream = torch::randn(reference_out.sizes(), torch::kDouble);
    (fused_out * upstream.to(torch::kFloat)).sum().backward();
    (reference_out * upstream).sum().backward();
    const std::vector<std::string> names{"node states",   "adjacency",     "mask",
                                         "eps",           "hidden weight", "hidden bias",
                                         "output weight", "output bias"};
    for (std::size_t i = 0; i < fused.size(); ++i) {
        if (i == 1 || i == 2) {
            continue; // adjacency and mask are data, not learned
        }
        check_close(fused[i].grad(), reference[i].grad(), 1e-4, names[i] + " gradient");
    }
}

// 24 tokens as in the default agents, the longest the kernels take (32), and a longer
// sequence that goes to ATen.
BOOST_DATA_TEST_CASE(attention_kernels_match_aten_in_value_and_gradient_with_masked_keys,
                     boost::unit_test::data::make({24, 32, 40}), length) {
    torch::manual_seed(11);
    const std::int64_t batch = 5, heads = 4, head_width = 4;
    auto bias = torch::zeros({batch, length, length});
    // Sequence b cannot attend to its last b keys.
    for (std::int64_t b = 1; b < batch; ++b) {
        bias.index_put_({b, torch::indexing::Slice(), torch::indexing::Slice(length - b)},
                        -std::numeric_limits<float>::infinity());
    }
    const Inputs inputs{{torch::randn({batch, length, 3 * heads * head_width}), bias}};
    const auto fused = inputs.as(torch::kFloat);
    const auto reference = inputs.as(torch::kDouble);
    reference[1].requires_grad_(false);
    fused[1].requires_grad_(false);
    const auto fused_out = gi::masked_attention(fused[0], fused[1], heads);
    const auto reference_out = gi::masked_attention(reference[0], reference[1], heads);
    check_close(fused_out, reference_out, 1e-5, "output");

    const auto upstream = torch::randn(reference_out.sizes(), torch::kDouble);
    (fused_out * upstream.to(torch::kFloat)).sum().backward();
    (reference_out * upstream).sum().backward();
    check_close(fused[0].grad(), reference[0].grad(), 1e-5, "qkv gradient");
}

BOOST_AUTO_TEST_CASE(kernels_give_the_same_bits_on_every_call) {
    const auto inputs = gin_inputs(6, 11, 16, 32);
    std::vector<torch::Tensor> grads;
    std::vector<torch::Tensor> outs;
    for (int run = 0; run < 2; ++run) {
        const auto t = inputs.as(torch::kFloat);
        const auto out = run_gin(t);
        out.pow(2).sum().backward();
        outs.push_back(out.detach());
        grads.push_back(t[0].grad());
    }
    BOOST_TEST(torch::equal(outs[0], outs[1]));
    BOOST_TEST(torch::equal(grads[0], grads[1]));
}

BOOST_AUTO_TEST_SUITE_END()
