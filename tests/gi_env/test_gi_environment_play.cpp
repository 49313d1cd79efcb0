// Playing games: observations, turn order, endings, rewards and auto-reset.
#include <boost/test/unit_test.hpp>

#include "gi_env_fixtures.hpp"

using namespace gi_env_test;
using nip::core::GiEnvironment;
using nip::core::NipProtocol;

namespace {

const torch::Device cpu(torch::kCPU);

torch::Tensor one_hot_rows(const torch::Tensor& index, std::int64_t size) {
    return (index.unsqueeze(-1) == torch::arange(size, torch::kInt64)).to(torch::kFloat32);
}

} // namespace

BOOST_AUTO_TEST_SUITE(gi_environment_play)

BOOST_AUTO_TEST_CASE(observations_have_the_documented_shapes_types_and_contents) {
    const NipProtocol protocol(8, 1, true);
    GiEnvironment env(dataset(), protocol, 5, 1, cpu);
    BOOST_TEST(env.batch_size() == 5);
    BOOST_TEST(env.message_space_size() == message_space);
    BOOST_TEST(env.dataset_size() == num_pairs);
    BOOST_TEST(env.feature_keys() == (std::vector<std::string>{"message_history", "message"}));

    const auto obs = env.reset();
    BOOST_TEST(obs.size() == 7U);
    BOOST_TEST(obs.at("adjacency").sizes() == (std::vector<std::int64_t>{5, 2, 9, 9}));
    BOOST_TEST(obs.at("adjacency").scalar_type() == torch::kFloat32);
    BOOST_TEST(obs.at("node_mask").sizes() == (std::vector<std::int64_t>{5, 2, 9}));
    BOOST_TEST(obs.at("node_mask").scalar_type() == torch::kBool);
    // Valid messages: graph A's real nodes, then graph B's.
    BOOST_TEST(obs.at("message_mask").equal(obs.at("node_mask").flatten(1)));
    BOOST_TEST(obs.at("message_history").sizes() == (std::vector<std::int64_t>{5, 8, 1, 18}));
    BOOST_TEST(obs.at("message_history").scalar_type() == torch::kFloat32);
    BOOST_TEST(obs.at("message_history").count_nonzero().item<std::int64_t>() == 0);
    BOOST_TEST(obs.at("message").sizes() == (std::vector<std::int64_t>{5, 1, 18}));
    BOOST_TEST(obs.at("message").count_nonzero().item<std::int64_t>() == 0);
    BOOST_TEST(obs.at("round").sizes() == (std::vector<std::int64_t>{5}));
    BOOST_TEST(obs.at("round").scalar_type() == torch::kInt64);
    BOOST_TEST(obs.at("round").count_nonzero().item<std::int64_t>() == 0);
    BOOST_TEST(obs.at("game_seed").scalar_type() == torch::kInt64);

    // The step reports which datapoints were in play: the observation must show exactly them.
    const auto played = env.step(uniform_actions(5, 0, 2)).datapoint;
    BOOST_TEST(torch::equal(obs.at("adjacency"),
                            dataset().adjacency.index_select(0, played).to(torch::kFloat32)));
    BOOST_TEST(torch::equal(obs.at("node_mask"), dataset().node_mask.index_select(0, played)));
    const auto& seeds = obs.at("game_seed");
    BOOST_TEST(seeds.sizes() == (std::vector<std::int64_t>{5}));
    BOOST_TEST(seeds.min().item<std::int64_t>() >= 0);
    BOOST_TEST(seeds.max().item<std::int64_t>() < 65536);
}

BOOST_AUTO_TEST_CASE(messages_are_written_by_whoever_has_the_turn) {
    for (const bool verifier_first : {true, false}) {
        const NipProtocol protocol(8, 1, verifier_first);
        const std::int64_t batch = 4;
        GiEnvironment env(dataset(), protocol, batch, 2, cpu);
        env.reset();
        // Game b: the prover names node b of graph A, the verifier node b of graph B.
        const auto game = torch::arange(batch, torch::kInt64);
        auto message = torch::empty({batch, 2, 1}, torch::kInt64);
        message.select(1, prover).select(1, 0).copy_(game);
        message.select(1, verifier).select(1, 0).copy_(game + max_nodes);
        const nip::sdk::TensorMap actions{{"message", message},
                                          {"decision", torch::full({batch, 2}, 2, torch::kInt64)}};

        const auto first = env.step(actions).next_observation;
        const auto second = env.step(actions).next_observation;
        const auto& history = second.at("message_history");
        const auto even_speaker = verifier_first ? game + max_nodes : game;
        const auto odd_speaker = verifier_first ? game : game + max_nodes;
        BOOST_TEST(torch::equal(first.at("round"), torch::full({batch}, 1, torch::kInt64)));
        BOOST_TEST(torch::equal(second.at("round"), torch::full({batch}, 2, torch::kInt64)));
        BOOST_TEST(torch::equal(first.at("message_history").select(1, 0).select(1, 0),
                                one_hot_rows(even_speaker, message_space)));
        BOOST_TEST(first.at("message_history").slice(1, 1).count_nonzero().item<std::int64_t>() ==
                   0);
        BOOST_TEST(torch::equal(history.select(1, 0).select(1, 0),
                                one_hot_rows(even_speaker, message_space)));
        BOOST_TEST(torch::equal(history.select(1, 1).select(1, 0),
                                one_hot_rows(odd_speaker, message_space)));
        BOOST_TEST(history.slice(1, 2).count_nonzero().item<std::int64_t>() == 0);
        // "message": the last round's row, i.e. what was just said.
        BOOST_TEST(torch::equal(first.at("message"), first.at("message_history").select(1, 0)));
        BOOST_TEST(torch::equal(second.at("message"), history.select(1, 1)));
    }
}

BOOST_AUTO_TEST_CASE(a_verifier_that_never_decides_is_terminated_at_the_last_round_and_reset) {
    const NipProtocol protocol(8, 1, true, distinct_rules());
    const std::int64_t batch = 4;
    GiEnvironment env(dataset(), protocol, batch, 3, cpu);
    env.reset();
    const auto actions = uniform_actions(batch, 1, 2);
    nip::sdk::EnvironmentStep step;
    for (std::int64_t round = 0; round < 7; ++round) {
        step = env.step(actions);
        BOOST_TEST(!step.done.any().item<bool>());
        BOOST_TEST(!step.terminated.any().item<bool>());
        BOOST_TEST(torch::equal(step.length, torch::full({batch}, round + 1, torch::kInt64)));
        // The verifier's turns (even rounds) earn the no-guess reward; the prover's nothing.
        const float verifier_reward = round % 2 == 0 ? 0.25F : 0.0F;
        BOOST_TEST(
            torch::equal(step.reward.select(1, verifier), torch::full({batch}, verifier_reward)));
        BOOST_TEST(step.reward.select(1, prover).count_nonzero().item<std::int64_t>() == 0);
    }
    const auto before_last = step.next_observation;
    BOOST_TEST(before_last.at("message_history").slice(1, 0, 7).sum().item<float>() ==
               static_cast<float>(batch * 7));
    const auto played = step.datapoint;

    step = env.step(actions);
    BOOST_TEST(step.done.all().item<bool>());
    BOOST_TEST(step.terminated.all().item<bool>());
    BOOST_TEST(!step.decided.any().item<bool>());
    BOOST_TEST(!step.accepted.any().item<bool>());
    BOOST_TEST(torch::equal(step.length, torch::full({batch}, 8, torch::kInt64)));
    BOOST_TEST(torch::equal(step.datapoint, played));
    BOOST_TEST(torch::equal(step.label, dataset().label.index_select(0, played)));
    BOOST_TEST(torch::equal(step.reward.select(1, verifier), torch::full({batch}, -0.5F)));
    BOOST_TEST(step.reward.select(1, prover).count_nonzero().item<std::int64_t>() == 0);

    // Auto-reset: round 0, empty history, and the next datapoints of the epoch.
    const auto& next = step.next_observation;
    BOOST_TEST(next.at("round").count_nonzero().item<std::int64_t>() == 0);
    BOOST_TEST(next.at("message_history").count_nonzero().item<std::int64_t>() == 0);
    const auto fresh = env.step(actions).datapoint;
    BOOST_TEST(torch::isin(fresh, played).any().item<bool>() == false);
    BOOST_TEST(torch::equal(next.at("adjacency"),
                            dataset().adjacency.index_select(0, fresh).to(torch::kFloat32)));
}

BOOST_AUTO_TEST_CASE(a_decision_at_round_zero_ends_the_game_with_the_right_reward) {
    const NipProtocol protocol(8, 1, true, distinct_rules());
    const std::int64_t batch = 16;
    for (const std::int64_t decision : {nip::sdk::reject, nip::sdk::accept}) {
        GiEnvironment env(dataset(), protocol, batch, 4, cpu);
        env.reset();
        const auto step = env.step(uniform_actions(batch, 0, decision));
        BOOST_TEST(step.done.all().item<bool>());
        BOOST_TEST(step.decided.all().item<bool>());
        BOOST_TEST(!step.terminated.any().item<bool>());
        BOOST_TEST(step.accepted.all().item<bool>() == (decision == nip::sdk::accept));
        BOOST_TEST(torch::equal(step.length, torch::ones({batch}, torch::kInt64)));
        // Both labels occur, so both the correct and the incorrect reward are checked.
        BOOST_TEST(step.label.any().item<bool>());
        BOOST_TEST(!step.label.all().item<bool>());
        const auto correct = step.label == decision;
        BOOST_TEST(torch::equal(
            step.reward.select(1, verifier),
            torch::where(correct, torch::full({batch}, 2.0F), torch::full({batch}, -3.0F))));
        // The prover is paid when the verifier accepts, right or wrong.
        const float prover_reward = decision == nip::sdk::accept ? 1.5F : 0.0F;
        BOOST_TEST(
            torch::equal(step.reward.select(1, prover), torch::full({batch}, prover_reward)));
        BOOST_TEST(step.next_observation.at("round").count_nonzero().item<std::int64_t>() == 0);
    }
}

BOOST_AUTO_TEST_CASE(decisions_count_only_on_the_verifiers_turn_from_the_minimum_round) {
    // min_message_rounds 3: the verifier's accept at round 0 does not count, the prover's
    // turn at round 1 cannot decide, the verifier's accept at round 2 does.
    const NipProtocol protocol(8, 3, true, distinct_rules());
    const std::int64_t batch = 3;
    GiEnvironment env(dataset(), protocol, batch, 5, cpu);
    env.reset();
    const auto accept_all = uniform_actions(batch, 0, nip::sdk::accept);
    for (const float verifier_reward : {0.25F, 0.0F}) {
        const auto step = env.step(accept_all);
        BOOST_TEST(!step.done.any().item<bool>());
        BOOST_TEST(
            torch::equal(step.reward.select(1, verifier), torch::full({batch}, verifier_reward)));
    }
    const auto step = env.step(accept_all);
    BOOST_TEST(step.decided.all().item<bool>());
    BOOST_TEST(torch::equal(step.length, torch::full({batch}, 3, torch::kInt64)));
}

BOOST_AUTO_TEST_CASE(shared_reward_pays_the_prover_what_the_verifier_gets) {
    auto rules = distinct_rules();
    rules.shared_reward = true;
    const NipProtocol protocol(8, 1, true, rules);
    const std::int64_t batch = 16;
    GiEnvironment env(dataset(), protocol, batch, 4, cpu);
    env.reset();
    const auto step = env.step(uniform_actions(batch, 0, nip::sdk::accept));
    BOOST_TEST(torch::equal(step.reward.select(1, prover), step.reward.select(1, verifier)));
    BOOST_TEST(torch::equal(
        step.reward.select(1, verifier),
        torch::where(step.label == 1, torch::full({batch}, 2.0F), torch::full({batch}, -3.0F))));
}

BOOST_AUTO_TEST_CASE(only_finished_games_are_replaced) {
    const NipProtocol protocol(8, 1, true);
    const std::int64_t batch = 6;
    GiEnvironment env(dataset(), protocol, batch, 6, cpu);
    env.reset();
    auto actions = uniform_actions(batch, 4, nip::sdk::continue_game);
    const auto decides = torch::tensor({true, false, false, true, false, true});
    actions["decision"].select(1, verifier).masked_fill_(decides, nip::sdk::reject);
    const auto first = env.step(actions);
    BOOST_TEST(torch::equal(first.done, decides));
    const auto& next = first.next_observation;
    BOOST_TEST(torch::equal(next.at("round"), decides.logical_not().to(torch::kInt64)));
    BOOST_TEST(torch::equal(next.at("message_history").sum({1, 2, 3}),
                            decides.logical_not().to(torch::kFloat32)));

    const auto second = env.step(uniform_actions(batch, 4, nip::sdk::continue_game));
    const auto kept = decides.logical_not();
    BOOST_TEST(
        torch::equal(second.datapoint.masked_select(kept), first.datapoint.masked_select(kept)));
    BOOST_TEST(
        !torch::isin(second.datapoint.masked_select(decides), first.datapoint).any().item<bool>());
}

// Each game draws its own seed when it starts (the original's per-episode "seed"), so a
// protocol with random turns varies them from game to game, not per datapoint: a game
// that goes on keeps its seed, a new one gets a fresh draw.
BOOST_AUTO_TEST_CASE(each_new_game_draws_its_own_seed) {
    const NipProtocol protocol(8, 1, true);
    const std::int64_t batch = 64;
    GiEnvironment env(dataset(), protocol, batch, 6, cpu);
    const auto before = env.reset().at("game_seed");
    auto actions = uniform_actions(batch, 4, nip::sdk::continue_game);
    const auto decides = torch::arange(batch, torch::kInt64).remainder(2) == 0;
    actions["decision"].select(1, verifier).masked_fill_(decides, nip::sdk::reject);
    const auto after = env.step(actions).next_observation.at("game_seed");
    const auto kept = decides.logical_not();
    BOOST_TEST(torch::equal(after.masked_select(kept), before.masked_select(kept)));
    // 32 new draws from 65536 values: all equal to the old ones only by a bug.
    BOOST_TEST(!torch::equal(after.masked_select(decides), before.masked_select(decides)));
    BOOST_TEST(after.max().item<std::int64_t>() < 65536);
}

BOOST_AUTO_TEST_CASE(each_epoch_plays_every_datapoint_once) {
    const NipProtocol protocol(8, 1, true);
    GiEnvironment env(dataset(), protocol, num_pairs, 7, cpu);
    env.reset();
    const auto every = torch::arange(num_pairs, torch::kInt64);
    const auto reject_all = uniform_actions(num_pairs, 0, nip::sdk::reject);
    const auto first_epoch = env.step(reject_all).datapoint;
    const auto second_epoch = env.step(reject_all).datapoint;
    BOOST_TEST(torch::equal(std::get<0>(first_epoch.sort()), every));
    BOOST_TEST(torch::equal(std::get<0>(second_epoch.sort()), every));
    BOOST_TEST(!torch::equal(first_epoch, second_epoch));
}

BOOST_AUTO_TEST_SUITE_END()
