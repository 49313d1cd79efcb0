// ppo_trainer's update, unit by unit, on the fake game's agents: how advantages are
// normalised, and how a joint update clips.
#define BOOST_TEST_MODULE ppo_update
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "fake_game.hpp"
#include "ppo_update.hpp"

namespace {

// ppo_trainer's defaults, on a tiny scale.
ppo::Params params(bool joint_update) {
    ppo::Params p{};
    p.num_epochs = 1;
    p.minibatch_size = 8;
    p.lr = 0.001;
    p.max_grad_norm = 1.0;
    p.critic_loss = "l2";
    p.loss_type = "clip";
    p.clip_epsilon = 0.2;
    p.kl_target = 0.01;
    p.kl_beta = 1.0;
    p.kl_decrement = 0.5;
    p.kl_increment = 2.0;
    p.critic_coefficient = 1.0;
    p.entropy_coefficient = 0.0;
    p.normalize_advantage = true;
    p.joint_update = joint_update;
    return p;
}

// F frames of A agents that each write in the one channel on `acting` frames (message 0 of
// M), with log-probabilities as the fake policy gives them, so that the ratio is 1.
ppo::UpdateBatch batch(std::int64_t messages, const torch::Tensor& acting,
                       const torch::Tensor& advantage, const torch::Tensor& value_target) {
    const auto frames = acting.size(0);
    ppo::UpdateBatch b;
    b.observation["round"] = torch::zeros({frames}, torch::kInt64);
    b.message = torch::zeros({frames, acting.size(1), 1}, torch::kInt64);
    b.decision = torch::full({frames, acting.size(1)}, std::int64_t{nip::sdk::continue_game});
    b.active_channels = acting.unsqueeze(-1);
    b.decides = torch::zeros_like(acting);
    b.old_log_prob = acting.to(torch::kFloat) * std::log(1.0F / static_cast<float>(messages));
    b.advantage = advantage;
    b.value_target = value_target;
    return b;
}

} // namespace

BOOST_AUTO_TEST_CASE(advantages_are_normalised_per_minibatch_over_the_acting_frames) {
    // Two minibatches of four frames; the agent acts in the first two of each. The
    // advantages of its frames are on very different scales in the two, and the frames
    // where it does not act hold large values. At ratio 1 the clipped objective is minus
    // the mean normalised advantage of the acting frames: 0 exactly when each minibatch is
    // normalised on its own acting frames, far from 0 otherwise.
    const std::int64_t messages = 4;
    auto agent = fake_game::agent(messages, {0.0F, 0.0F, 0.0F});
    const auto p = params(false);
    ppo::AgentLearner learner(agent, 0, p, 1.0);
    const auto acting =
        torch::tensor({true, true, false, false, true, true, false, false}).view({8, 1});
    const auto advantage =
        torch::tensor({1.0F, 3.0F, 500.0F, -500.0F, 1000.0F, 3000.0F, 7.0F, 9.0F}).view({8, 1});
    const auto whole = batch(messages, acting, advantage, torch::zeros({8, 1}));
    for (const std::int64_t start : {0, 4}) {
        const auto terms = learner.loss(whole.slice(start, 4));
        BOOST_TEST(std::abs(terms.objective.item<double>()) < 1e-6);
        BOOST_TEST(terms.clip_fraction.item<double>() == 0.0);
    }
}

BOOST_AUTO_TEST_CASE(a_joint_update_clips_all_agents_by_one_norm) {
    // Agent 0's critic is far from its targets (a large gradient), agent 1's close (a
    // small one). Jointly, both are scaled by one factor to a joint norm of max_grad_norm;
    // separately, only agent 0 is clipped.
    const std::int64_t messages = 4;
    const auto acting = torch::ones({8, 2}, torch::kBool);
    const auto advantage = torch::randn({8, 2});
    const auto target = torch::stack({torch::full({8}, 1000.0F), torch::full({8}, 0.01F)}, 1);
    for (const bool joint : {true, false}) {
        auto prover = fake_game::agent(messages, {0.0F, 0.0F, 0.0F});
        auto verifier = fake_game::agent(messages, {0.0F, 0.0F, 0.0F});
        const auto p = params(joint);
        ppo::PpoUpdate update({&prover, &verifier}, {1.0, 1.0}, p);
        auto generator = at::make_generator<at::CPUGeneratorImpl>(1);
        const auto stats =
            update.update(batch(messages, acting, advantage, target), {true, true}, generator, 1.0);
        BOOST_TEST(stats[0].has_value());
        BOOST_TEST(stats[1].has_value());
        // After the update the gradient buffers hold the last (only) minibatch's gradients,
        // as clipped.
        const auto norm0 = update.learner(0).parameters().grad().norm().item<double>();
        const auto norm1 = update.learner(1).parameters().grad().norm().item<double>();
        if (joint) {
            BOOST_TEST(std::hypot(norm0, norm1) == 1.0, boost::test_tools::tolerance(1e-4));
            BOOST_TEST(norm1 < 1e-3);
        } else {
            BOOST_TEST(norm0 == 1.0, boost::test_tools::tolerance(1e-4));
            BOOST_TEST(norm1 > 1e-2);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_frozen_agent_neither_learns_nor_reports) {
    const std::int64_t messages = 4;
    auto prover = fake_game::agent(messages, {0.0F, 0.0F, 0.0F});
    auto verifier = fake_game::agent(messages, {0.0F, 0.0F, 0.0F});
    const auto p = params(true);
    ppo::PpoUpdate update({&prover, &verifier}, {1.0, 1.0}, p);
    const auto before = update.learner(1).parameters().data().clone();
    auto generator = at::make_generator<at::CPUGeneratorImpl>(1);
    const auto stats = update.update(batch(messages, torch::ones({8, 2}, torch::kBool),
                                           torch::randn({8, 2}), torch::ones({8, 2})),
                                     {true, false}, generator, 1.0);
    BOOST_TEST(stats[0].has_value());
    BOOST_TEST(!stats[1].has_value());
    BOOST_TEST(update.learner(1).parameters().data().equal(before));
    BOOST_TEST(update.learner(1).adam().steps() == 0);
    BOOST_TEST(update.learner(0).adam().steps() == 1);
}
