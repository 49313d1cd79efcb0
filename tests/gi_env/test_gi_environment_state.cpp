// Reproducibility: one seed plays one sequence of games, and a saved state continues it
// bit for bit.
#include <boost/test/unit_test.hpp>

#include <ATen/CPUGeneratorImpl.h>
#include <torch/cuda.h>

#include "gi_env_fixtures.hpp"

using namespace gi_env_test;
using nip::core::GiEnvironment;
using nip::core::NipProtocol;

namespace {

const torch::Device cpu(torch::kCPU);

bool message_has(const std::invalid_argument& error, const std::string& text) {
    return std::string(error.what()).find(text) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(gi_environment_state)

BOOST_AUTO_TEST_CASE(one_seed_plays_the_same_games_and_another_seed_does_not) {
    const NipProtocol protocol(8, 1, true);
    GiEnvironment first(dataset(), protocol, 8, 11, cpu);
    GiEnvironment second(dataset(), protocol, 8, 11, cpu);
    GiEnvironment other(dataset(), protocol, 8, 12, cpu);
    BOOST_TEST(same_maps(first.reset(), second.reset()));
    other.reset();
    auto generator = at::make_generator<at::CPUGeneratorImpl>(1);
    bool other_differs = false;
    // 40 steps of 8 games that end a third of the time run through several epochs.
    for (int step = 0; step < 40; ++step) {
        const auto actions = random_actions(8, generator);
        const auto a = first.step(actions);
        BOOST_TEST(same_steps(a, second.step(actions)));
        other_differs = other_differs || !torch::equal(a.datapoint, other.step(actions).datapoint);
    }
    BOOST_TEST(other_differs);
}

BOOST_AUTO_TEST_CASE(a_loaded_state_continues_exactly_where_the_saved_one_was) {
    const NipProtocol protocol(8, 1, true, distinct_rules());
    GiEnvironment saved(dataset(), protocol, 8, 21, cpu);
    saved.reset();
    auto generator = at::make_generator<at::CPUGeneratorImpl>(2);
    for (int step = 0; step < 13; ++step) {
        saved.step(random_actions(8, generator));
    }
    const auto blob = saved.state();
    // Another seed and another history: everything that matters must come from the blob.
    GiEnvironment restored(dataset(), protocol, 8, 99, cpu);
    restored.reset();
    restored.step(uniform_actions(8, 3, nip::sdk::accept));
    restored.load_state(blob);
    BOOST_TEST(same_maps(restored.observation(), saved.observation()));
    for (int step = 0; step < 40; ++step) {
        const auto actions = random_actions(8, generator);
        BOOST_TEST(same_steps(saved.step(actions), restored.step(actions)));
    }
}

BOOST_AUTO_TEST_CASE(a_state_is_a_snapshot_that_later_steps_do_not_change) {
    const NipProtocol protocol(8, 1, true);
    GiEnvironment env(dataset(), protocol, 4, 31, cpu);
    env.reset();
    const auto blob = env.state();
    const auto history_before = blob.tensors.at("message_history").clone();
    env.step(uniform_actions(4, 5, nip::sdk::continue_game));
    BOOST_TEST(torch::equal(blob.tensors.at("message_history"), history_before));
    BOOST_TEST(blob.tensors.at("round").count_nonzero().item<std::int64_t>() == 0);
}

BOOST_AUTO_TEST_CASE(a_state_saved_before_reset_restores_the_sampler_only) {
    const NipProtocol protocol(8, 1, true);
    GiEnvironment fresh(dataset(), protocol, 4, 41, cpu);
    const auto blob = fresh.state();
    BOOST_TEST(blob.tensors.count("datapoint") == 0U);
    GiEnvironment restored(dataset(), protocol, 4, 42, cpu);
    restored.reset();
    restored.load_state(blob);
    BOOST_CHECK_THROW(restored.observation(), std::logic_error);
    BOOST_CHECK_THROW(restored.step(uniform_actions(4, 0, 2)), std::logic_error);
    BOOST_TEST(same_maps(restored.reset(), fresh.reset()));
}

// A state saved by a build from before games had seeds (no "game_seed", no
// "game_seeds.*") still loads: the games go on where they were, with fresh seeds, and
// everything else plays exactly as from the full state.
BOOST_AUTO_TEST_CASE(a_state_from_before_game_seeds_loads_with_fresh_seeds) {
    const NipProtocol protocol(8, 1, true);
    GiEnvironment saved(dataset(), protocol, 6, 51, cpu);
    saved.reset();
    saved.step(uniform_actions(6, 2, nip::sdk::continue_game));
    auto blob = saved.state();
    BOOST_TEST(blob.tensors.count("game_seed") == 1U);
    blob.tensors.erase("game_seed");
    blob.tensors.erase("game_seeds.generator_state");
    GiEnvironment restored(dataset(), protocol, 6, 77, cpu);
    restored.load_state(blob);
    auto expected = saved.observation();
    auto observed = restored.observation();
    const auto seeds = observed.at("game_seed");
    BOOST_TEST(seeds.min().item<std::int64_t>() >= 0);
    BOOST_TEST(seeds.max().item<std::int64_t>() < 65536);
    expected.erase("game_seed");
    observed.erase("game_seed");
    BOOST_TEST(same_maps(observed, expected));
    const auto actions = uniform_actions(6, 3, nip::sdk::continue_game);
    BOOST_TEST(torch::equal(saved.step(actions).reward, restored.step(actions).reward));
}

BOOST_AUTO_TEST_CASE(a_game_seed_out_of_range_is_refused) {
    const NipProtocol protocol(8, 1, true);
    GiEnvironment env(dataset(), protocol, 4, 61, cpu);
    env.reset();
    auto blob = env.state();
    blob.tensors["game_seed"] = torch::full({4}, 70000, torch::kInt64);
    const auto before = env.observation();
    BOOST_CHECK_EXCEPTION(env.load_state(blob), std::invalid_argument,
                          [](const std::invalid_argument& e) {
                              return message_has(e, "\"game_seed\" holds a seed outside 0..65535");
                          });
    BOOST_TEST(same_maps(env.observation(), before));
}

BOOST_AUTO_TEST_CASE(a_state_that_does_not_fit_is_refused_and_changes_nothing) {
    const NipProtocol protocol(8, 1, true);
    GiEnvironment four_games(dataset(), protocol, 4, 51, cpu);
    four_games.reset();
    const auto blob = four_games.state();

    GiEnvironment five_games(dataset(), protocol, 5, 51, cpu);
    const auto before = five_games.reset();
    try {
        five_games.load_state(blob);
        BOOST_FAIL("a state of 4 games was loaded into an environment of 5");
    } catch (const std::invalid_argument& error) {
        BOOST_TEST(message_has(error, "batch size 5"));
        BOOST_TEST(message_has(error, "\"datapoint\" has shape [4] int64; expected [5] int64"));
    }
    BOOST_TEST(same_maps(five_games.observation(), before));

    const auto small = make_dataset(32, 5);
    GiEnvironment smaller_dataset(small, protocol, 4, 51, cpu);
    try {
        smaller_dataset.load_state(blob);
        BOOST_FAIL("a state of a 64-pair dataset was loaded for a 32-pair one");
    } catch (const std::invalid_argument& error) {
        BOOST_TEST(message_has(error, "32 datapoints"));
        BOOST_TEST((message_has(error, "\"datapoint\" holds an index outside 0..31") ||
                    message_has(error, "\"sampler.permutation\" has shape [64]")));
    }

    auto missing = blob;
    missing.tensors.erase("sampler.generator_state");
    GiEnvironment same_shape(dataset(), protocol, 4, 51, cpu);
    try {
        same_shape.load_state(missing);
        BOOST_FAIL("a state without its generator was loaded");
    } catch (const std::invalid_argument& error) {
        BOOST_TEST(message_has(error, "no \"sampler.generator_state\" tensor"));
    }
}

BOOST_AUTO_TEST_CASE(cuda_plays_the_same_games_as_the_cpu) {
    if (!torch::cuda::is_available()) {
        BOOST_TEST_MESSAGE("no CUDA device: the CPU/CUDA comparison needs one");
        return;
    }
    const NipProtocol protocol(8, 1, true, distinct_rules());
    GiEnvironment on_cpu(dataset(), protocol, 8, 61, cpu);
    GiEnvironment on_cuda(dataset(), protocol, 8, 61, torch::Device(torch::kCUDA));
    const auto first = on_cuda.reset();
    BOOST_TEST(first.at("message_history").is_cuda());
    BOOST_TEST(same_maps(on_cpu.reset(), first));
    auto generator = at::make_generator<at::CPUGeneratorImpl>(3);
    for (int step = 0; step < 20; ++step) {
        const auto actions = random_actions(8, generator);
        const auto on_device = on_cuda.step(actions);
        BOOST_TEST(on_device.reward.is_cuda());
        BOOST_TEST(same_steps(on_cpu.step(actions), on_device));
    }
    // A state saved on CUDA resumes on the CPU.
    on_cpu.load_state(on_cuda.state());
    BOOST_TEST(same_maps(on_cpu.observation(), on_cuda.observation()));
}

BOOST_AUTO_TEST_SUITE_END()
