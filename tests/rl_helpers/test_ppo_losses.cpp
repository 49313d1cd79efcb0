// ppo_losses.hpp first and alone: it must compile on its own.
#include "nip/sdk/rl/ppo_losses.hpp"

#include <cmath>
#include <stdexcept>
#include <vector>

#include <boost/test/unit_test.hpp>

namespace rl = nip::sdk::rl;

namespace {

torch::Tensor doubles(std::vector<double> values) {
    return torch::tensor(values, torch::kDouble);
}

double scalar(const torch::Tensor& tensor) {
    return tensor.item<double>();
}

// Five samples with old log-probability 0, so the ratio is exp(new_log_prob); epsilon 0.2
// clips the ratio to [0.8, 1.2].
//   ratio  A    r A    clip(r) A   min    clipped?
//   1.1    +2   2.2    2.2         2.2    no (inside)
//   1.5    +1   1.5    1.2         1.2    yes: the clipped term is the min
//   0.5    -1  -0.5   -0.8        -0.8    yes: the clipped term is the min
//   1.5    -1  -1.5   -1.2        -1.5    no: outside, but the unclipped term is the min
//   0.5    +1   0.5    0.8         0.5    no: outside, but the unclipped term is the min
//   objective = -(2.2 + 1.2 - 0.8 - 1.5 + 0.5) / 5 = -0.32
struct ClipCase {
    std::vector<double> ratios{1.1, 1.5, 0.5, 1.5, 0.5};
    torch::Tensor new_log_prob =
        doubles({std::log(1.1), std::log(1.5), std::log(0.5), std::log(1.5), std::log(0.5)})
            .requires_grad_();
    torch::Tensor old_log_prob = torch::zeros({5}, torch::kDouble);
    torch::Tensor advantages = doubles({2, 1, -1, -1, 1});
    torch::Tensor values = torch::zeros({5}, torch::kDouble);
    torch::Tensor entropy = torch::zeros({5}, torch::kDouble);
};

} // namespace

BOOST_AUTO_TEST_SUITE(ppo_losses)

BOOST_AUTO_TEST_CASE(clipped_objective_matches_hand_computed_value) {
    ClipCase c;
    const auto terms = rl::clipped_ppo_loss(c.new_log_prob, c.old_log_prob, c.advantages, c.values,
                                            c.values, c.entropy, 0.2, 1.0, 0.0);
    BOOST_TEST(scalar(terms.objective) == -0.32, boost::test_tools::tolerance(1e-12));
    // Ratios 1.5, 0.5, 1.5, 0.5 lie outside [0.8, 1.2].
    BOOST_TEST(scalar(terms.clip_fraction) == 0.8, boost::test_tools::tolerance(1e-12));
    // mean(old - new) = -(log 1.1 + 2 log 1.5 + 2 log 0.5) / 5
    const double expected_kl = -(std::log(1.1) + 2 * std::log(1.5) + 2 * std::log(0.5)) / 5;
    BOOST_TEST(scalar(terms.kl_divergence) == expected_kl, boost::test_tools::tolerance(1e-12));
}

// d objective / d new_log_prob_i = -(1/5) r_i A_i where the unclipped term is the min,
// and 0 where clipping binds: that is what keeps an update near the acting policy.
BOOST_AUTO_TEST_CASE(clipping_stops_the_gradient_only_where_the_clipped_term_is_the_min) {
    ClipCase c;
    const auto terms = rl::clipped_ppo_loss(c.new_log_prob, c.old_log_prob, c.advantages, c.values,
                                            c.values, c.entropy, 0.2, 1.0, 0.0);
    terms.objective.backward();
    const auto expected = doubles({-1.1 * 2 / 5, 0.0, 0.0, 1.5 / 5, -0.5 / 5});
    BOOST_TEST(torch::allclose(c.new_log_prob.grad(), expected, 1e-9, 1e-12));
}

BOOST_AUTO_TEST_CASE(ratio_one_objective_is_minus_mean_advantage) {
    const auto log_prob = doubles({-0.3, -1.2, -2.0});
    const auto advantages = doubles({1.0, -2.0, 4.0});
    const auto zeros = torch::zeros({3}, torch::kDouble);
    const auto terms =
        rl::clipped_ppo_loss(log_prob, log_prob, advantages, zeros, zeros, zeros, 0.2, 1.0, 0.0);
    BOOST_TEST(scalar(terms.objective) == -1.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(scalar(terms.kl_divergence) == 0.0);
    BOOST_TEST(scalar(terms.clip_fraction) == 0.0);
}

// values - targets = -0.5, -2, 0; critic coefficient 2.
//   smooth L1: (0.5^2 / 2 + (2 - 0.5) + 0) / 3 = 1.625 / 3; x2 = 1.0833...
//   MSE:       (0.25 + 4 + 0) / 3 = 4.25 / 3;                x2 = 2.8333...
//   L1:        (0.5 + 2 + 0) / 3 = 2.5 / 3;                   x2 = 1.6666...
BOOST_AUTO_TEST_CASE(critic_term_for_each_distance) {
    const auto values = doubles({1.0, 0.0, 3.0});
    const auto targets = doubles({1.5, 2.0, 3.0});
    const auto zeros = torch::zeros({3}, torch::kDouble);
    const auto critic = [&](rl::CriticLoss kind) {
        return scalar(
            rl::clipped_ppo_loss(zeros, zeros, zeros, values, targets, zeros, 0.2, 2.0, 0.0, kind)
                .critic);
    };
    BOOST_TEST(critic(rl::CriticLoss::smooth_l1) == 2 * 1.625 / 3,
               boost::test_tools::tolerance(1e-12));
    BOOST_TEST(critic(rl::CriticLoss::mse) == 2 * 4.25 / 3, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(critic(rl::CriticLoss::l1) == 2 * 2.5 / 3, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(default_critic_distance_is_smooth_l1) {
    const auto values = doubles({0.0, 0.0});
    const auto targets = doubles({0.5, 3.0});
    const auto zeros = torch::zeros({2}, torch::kDouble);
    const auto terms =
        rl::clipped_ppo_loss(zeros, zeros, zeros, values, targets, zeros, 0.2, 1.0, 0.0);
    // (0.125 + 2.5) / 2
    BOOST_TEST(scalar(terms.critic) == 1.3125, boost::test_tools::tolerance(1e-12));
}

// entropy 0.5 and 1.5: mean 1; coefficient 0.01 gives loss_entropy -0.01 (a bonus).
// total = objective + critic + entropy term = 0 + 0 - 0.01.
BOOST_AUTO_TEST_CASE(entropy_term_is_a_bonus_and_total_sums_the_terms) {
    const auto zeros = torch::zeros({2}, torch::kDouble);
    const auto entropy = doubles({0.5, 1.5});
    const auto terms =
        rl::clipped_ppo_loss(zeros, zeros, zeros, zeros, zeros, entropy, 0.2, 1.0, 0.01);
    BOOST_TEST(scalar(terms.entropy) == 1.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(scalar(terms.entropy_term) == -0.01, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(scalar(terms.total()) == -0.01, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(metrics_are_detached_and_losses_keep_gradients) {
    ClipCase c;
    const auto values = torch::zeros({5}, torch::dtype(torch::kDouble).requires_grad(true));
    const auto entropy = torch::ones({5}, torch::dtype(torch::kDouble).requires_grad(true));
    const auto terms = rl::clipped_ppo_loss(c.new_log_prob, c.old_log_prob, c.advantages, values,
                                            c.advantages, entropy, 0.2, 1.0, 0.01);
    BOOST_TEST(terms.objective.requires_grad());
    BOOST_TEST(terms.critic.requires_grad());
    BOOST_TEST(terms.entropy_term.requires_grad());
    BOOST_TEST(!terms.entropy.requires_grad());
    BOOST_TEST(!terms.kl_divergence.requires_grad());
    BOOST_TEST(!terms.clip_fraction.requires_grad());
}

BOOST_AUTO_TEST_CASE(rejects_shapes_that_would_broadcast) {
    const auto column = torch::zeros({4, 1});
    const auto flat = torch::zeros({4});
    BOOST_CHECK_THROW(rl::clipped_ppo_loss(flat, flat, flat, column, flat, flat, 0.2, 1.0, 0.0),
                      std::invalid_argument);
    BOOST_CHECK_THROW(rl::clipped_ppo_loss(flat, column, flat, flat, flat, flat, 0.2, 1.0, 0.0),
                      std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(critic_loss_names_follow_the_reference_spelling) {
    BOOST_TEST((rl::critic_loss_from_name("smooth_l1") == rl::CriticLoss::smooth_l1));
    BOOST_TEST((rl::critic_loss_from_name("l2") == rl::CriticLoss::mse));
    BOOST_TEST((rl::critic_loss_from_name("mse") == rl::CriticLoss::mse));
    BOOST_TEST((rl::critic_loss_from_name("l1") == rl::CriticLoss::l1));
    BOOST_CHECK_THROW(rl::critic_loss_from_name("huber"), std::invalid_argument);
}

// beta 2; ratios 1.5 and 0.5 (old log-prob 0), A = +1 and -2, per-sample KL 0.1 and 0.3.
//   r A - beta KL: 1.5 - 0.2 = 1.3 and -1.0 - 0.6 = -1.6
//   objective = -(1.3 - 1.6) / 2 = 0.15;  kl_divergence = (0.1 + 0.3) / 2 = 0.2
BOOST_AUTO_TEST_CASE(kl_penalty_loss_matches_hand_computed_value) {
    const rl::KlPenaltyPpo penalty(0.01, 2.0);
    const auto new_log_prob = doubles({std::log(1.5), std::log(0.5)});
    const auto kl = doubles({0.1, 0.3}).requires_grad_();
    const auto zeros = torch::zeros({2}, torch::kDouble);
    const auto terms =
        penalty.loss(new_log_prob, zeros, doubles({1.0, -2.0}), zeros, zeros, zeros, kl, 1.0, 0.0);
    BOOST_TEST(scalar(terms.objective) == 0.15, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(scalar(terms.kl_divergence) == 0.2, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(scalar(terms.clip_fraction) == 0.0);
    // The penalty pulls on the KL with weight beta / N = 1 per sample.
    terms.objective.backward();
    BOOST_TEST(torch::allclose(kl.grad(), doubles({1.0, 1.0})));
}

BOOST_AUTO_TEST_CASE(kl_penalty_defaults_follow_the_reference) {
    rl::KlPenaltyPpo penalty;
    BOOST_TEST(penalty.beta() == 1.0);
    BOOST_TEST(penalty.target_kl() == 0.01);
    penalty.adapt(0.1);
    BOOST_TEST(penalty.beta() == 2.0);
    penalty.adapt(0.0);
    penalty.adapt(0.0);
    BOOST_TEST(penalty.beta() == 0.5);
}

// target 0.01: above 0.015 beta doubles, below 0.00667 it halves, in between it stays.
BOOST_AUTO_TEST_CASE(kl_penalty_beta_adapts_up_down_or_not_at_all) {
    rl::KlPenaltyPpo penalty(0.01, 1.0, 0.5, 2.0);
    penalty.adapt(0.02);
    BOOST_TEST(penalty.beta() == 2.0);
    penalty.adapt(0.014);
    BOOST_TEST(penalty.beta() == 2.0);
    penalty.adapt(0.007);
    BOOST_TEST(penalty.beta() == 2.0);
    penalty.adapt(0.006);
    BOOST_TEST(penalty.beta() == 1.0);
    penalty.adapt(0.01);
    BOOST_TEST(penalty.beta() == 1.0);
}

BOOST_AUTO_TEST_CASE(kl_penalty_beta_is_restorable_and_validated) {
    rl::KlPenaltyPpo penalty;
    penalty.set_beta(0.125);
    BOOST_TEST(penalty.beta() == 0.125);
    BOOST_CHECK_THROW(penalty.set_beta(-1.0), std::invalid_argument);
    BOOST_CHECK_THROW(penalty.set_beta(std::nan("")), std::invalid_argument);
    BOOST_CHECK_THROW(rl::KlPenaltyPpo(0.01, 1.0, 2.0, 2.0), std::invalid_argument);
    BOOST_CHECK_THROW(rl::KlPenaltyPpo(0.01, 1.0, 0.5, 0.5), std::invalid_argument);
    BOOST_CHECK_THROW(rl::KlPenaltyPpo(0.0), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
