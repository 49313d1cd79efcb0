// ppo_trainer as a user runs it, through the host, on a small configuration.
#define BOOST_TEST_MODULE ppo_trainer
#include <boost/test/unit_test.hpp>

#include <cstdlib>

#include <torch/torch.h>

#include "checkpoint_compare.hpp"
#include "host_process.hpp"
#include "metrics_file.hpp"
#include "nip/core/local_checkpoint_store.hpp"
#include "ppo_host_args.hpp"

namespace fs = std::filesystem;
using nip::test::fresh_directory;
using nip::test::latest_checkpoint;
using nip::test::require_bitwise_equal;
using nip::test::run_host;

namespace {

std::vector<std::string> host_args(const fs::path& runs, const std::string& run_id,
                                   const std::vector<std::string>& extra = {}) {
    return nip::test::ppo_host_args(runs, run_id, 6, extra);
}

} // namespace

BOOST_AUTO_TEST_CASE(killed_run_resumes_bitwise_equal) {
    const auto runs = fresh_directory("ppo-resume");
    const std::vector<std::string> period{"--checkpoint-period", "2"};
    const auto straight = run_host(NIP_HOST_EXE, host_args(runs, "straight", period));
    BOOST_TEST_INFO(straight.output);
    BOOST_REQUIRE_EQUAL(straight.exit_code, 0);

    const fs::path interrupted = runs / "interrupted";
    const auto killed =
        run_host(NIP_HOST_EXE, host_args(runs, "interrupted", period), std::chrono::seconds(300),
                 [&] { return fs::exists(interrupted / "checkpoints" / "iter-000000002"); });
    BOOST_TEST_INFO(killed.output);
    BOOST_REQUIRE_EQUAL(killed.signal, SIGKILL);

    const auto resumed = run_host(NIP_HOST_EXE, host_args(runs, "interrupted", period));
    BOOST_TEST_INFO(resumed.output);
    BOOST_REQUIRE_EQUAL(resumed.exit_code, 0);
    BOOST_CHECK(resumed.output.find("Resuming from the checkpoint at iteration") !=
                std::string::npos);

    const auto a = nip::core::read_checkpoint_dir(latest_checkpoint(runs / "straight"), "a");
    const auto b = nip::core::read_checkpoint_dir(latest_checkpoint(interrupted), "b");
    BOOST_CHECK_EQUAL(a.iteration, 6);
    BOOST_CHECK_EQUAL(b.iteration, 6);
    for (const auto& name : {"prover", "verifier"}) {
        BOOST_TEST_INFO("agent " << name);
        require_bitwise_equal(a.agents.at(name), b.agents.at(name));
    }
    require_bitwise_equal(a.trainer, b.trainer);
    fs::remove_all(runs);
}

// A run's bits would depend on how many threads split the matrix products, so the host
// sets the count whatever the environment asks of OpenMP and OpenBLAS: runs whose
// environments ask for 1 and for 2 threads must end bitwise equal (without the host's
// setting they differ).
BOOST_AUTO_TEST_CASE(thread_settings_in_the_environment_do_not_change_a_run) {
    const auto runs = fresh_directory("ppo-threads");
    const auto run_asking_for = [&](const std::string& threads) {
        ::setenv("OMP_NUM_THREADS", threads.c_str(), 1);
        ::setenv("OPENBLAS_NUM_THREADS", threads.c_str(), 1);
        auto result = run_host(NIP_HOST_EXE, host_args(runs, "env" + threads));
        ::unsetenv("OMP_NUM_THREADS");
        ::unsetenv("OPENBLAS_NUM_THREADS");
        BOOST_TEST_INFO(result.output);
        BOOST_REQUIRE_EQUAL(result.exit_code, 0);
        BOOST_CHECK(result.output.find("(1 CPU thread)") != std::string::npos ||
                    result.output.find(" CPU threads)") != std::string::npos);
        return nip::core::read_checkpoint_dir(latest_checkpoint(runs / ("env" + threads)), threads);
    };
    const auto one = run_asking_for("1");
    const auto two = run_asking_for("2");
    for (const auto& name : {"prover", "verifier"}) {
        BOOST_TEST_INFO("agent " << name);
        require_bitwise_equal(one.agents.at(name), two.agents.at(name));
    }
    fs::remove_all(runs);
}

// --threads N runs the agents side by side, each operation on one thread, so the bits do
// not depend on N: runs with --threads 1 and --threads 2 end bitwise equal.
BOOST_AUTO_TEST_CASE(threads_1_and_threads_2_train_bitwise_equal_agents) {
    const auto runs = fresh_directory("ppo-thread-count");
    const auto run_with = [&](const std::string& threads) {
        auto result =
            run_host(NIP_HOST_EXE, host_args(runs, "t" + threads, {"--threads", threads}));
        BOOST_TEST_INFO(result.output);
        BOOST_REQUIRE_EQUAL(result.exit_code, 0);
        return nip::core::read_checkpoint_dir(latest_checkpoint(runs / ("t" + threads)), threads);
    };
    const auto one = run_with("1");
    const auto two = run_with("2");
    for (const auto& name : {"prover", "verifier"}) {
        BOOST_TEST_INFO("agent " << name);
        require_bitwise_equal(one.agents.at(name), two.agents.at(name));
    }
    require_bitwise_equal(one.trainer, two.trainer);
    fs::remove_all(runs);
}

BOOST_AUTO_TEST_CASE(every_iteration_logs_the_reference_metrics_and_the_test_phase_its_own) {
    const auto runs = fresh_directory("ppo-metrics");
    const auto result = run_host(NIP_HOST_EXE, host_args(runs, "m"));
    BOOST_TEST_INFO(result.output);
    BOOST_REQUIRE_EQUAL(result.exit_code, 0);
    BOOST_CHECK(result.output.find("Test: verifier accuracy") != std::string::npos);
    BOOST_CHECK(result.output.find("8/8 iterations") != std::string::npos); // 6 train + 2 test

    const auto lines = nip::test::read_metrics(runs / "m" / "metrics.jsonl");
    BOOST_REQUIRE_EQUAL(lines.size(), 7U); // 6 iterations, then the test metrics
    std::vector<std::string> expected{"mean_episode_length", "mean_accuracy", "std_accuracy",
                                      "mean_datapoint_accuracy", "worst_datapoint_accuracy"};
    for (const std::string agent : {"prover", "verifier"}) {
        for (const char* key :
             {"mean_step_reward", "mean_episode_reward", "mean_advantage", "mean_value",
              "mean_value_target", "residual_critic_variance", "mean_decision_entropy",
              "mean_message_entropy", "mean_max_message_prob", "loss_objective", "loss_critic",
              "loss_entropy", "entropy", "kl_divergence"}) {
            expected.push_back(agent + "." + key);
        }
    }
    for (std::size_t i = 0; i < 6; ++i) {
        BOOST_CHECK_EQUAL(lines[i].at("iteration").as_int64(), static_cast<std::int64_t>(i));
        const auto& scalars = lines[i].at("scalars").as_object();
        for (const auto& key : expected) {
            BOOST_TEST_INFO("iteration " << i << ", metric " << key);
            BOOST_CHECK(scalars.contains(key));
        }
        const double accuracy = scalars.at("mean_accuracy").to_number<double>();
        BOOST_CHECK(accuracy >= 0.0 && accuracy <= 1.0);
    }
    const auto& test_scalars = lines[6].at("scalars").as_object();
    BOOST_CHECK(test_scalars.contains("test_mean_accuracy"));
    BOOST_CHECK(test_scalars.contains("test_verifier.mean_episode_reward"));
    fs::remove_all(runs);
}

BOOST_AUTO_TEST_CASE(kl_penalty_loss_and_alternating_schedule_train) {
    const auto runs = fresh_directory("ppo-kl");
    const auto result =
        run_host(NIP_HOST_EXE, host_args(runs, "kl",
                                         {"--set", "ppo.loss_type=kl_penalty", "--set",
                                          "rl.update_schedule=alternating_periodic", "--set",
                                          "rl.update_schedule_period=2", "--set",
                                          "rl.update_schedule_first_agent_iterations=1"}));
    BOOST_TEST_INFO(result.output);
    BOOST_REQUIRE_EQUAL(result.exit_code, 0);
    const auto lines = nip::test::read_metrics(runs / "kl" / "metrics.jsonl");
    // The verifier learns in even iterations, the prover in odd ones.
    for (std::size_t i = 0; i < 6; ++i) {
        const auto& scalars = lines[i].at("scalars").as_object();
        BOOST_TEST_INFO("iteration " << i);
        BOOST_CHECK_EQUAL(scalars.contains("verifier.loss_objective"), i % 2 == 0);
        BOOST_CHECK_EQUAL(scalars.contains("prover.loss_objective"), i % 2 == 1);
    }
    fs::remove_all(runs);
}

BOOST_AUTO_TEST_CASE(frames_not_divisible_by_envs_is_refused_before_training) {
    const auto runs = fresh_directory("ppo-bad");
    const auto result = run_host(NIP_HOST_EXE, host_args(runs, "bad", {"--set", "rl.num_envs=30"}));
    BOOST_TEST_INFO(result.output);
    BOOST_CHECK_NE(result.exit_code, 0);
    BOOST_CHECK(result.output.find("rl.frames_per_batch (256) must be a multiple of rl.num_envs "
                                   "(30)") != std::string::npos);
    BOOST_CHECK(!fs::exists(runs / "bad" / "checkpoints" / "iter-000000001"));
    fs::remove_all(runs);
}

BOOST_AUTO_TEST_CASE(describe_plugin_lists_every_hyper_parameter) {
    const auto result = run_host(
        NIP_HOST_EXE, {"--plugins-dir", NIP_PLUGINS_DIR, "--describe-plugin", "ppo_trainer"});
    BOOST_TEST_INFO(result.output);
    BOOST_REQUIRE_EQUAL(result.exit_code, 0);
    for (const char* key :
         {"rl.num_iterations", "rl.frames_per_batch", "rl.lr", "rl.gamma", "rl.lmbda",
          "ppo.loss_type", "ppo.clip_epsilon", "ppo.kl_target", "protocol.max_message_rounds",
          "protocol.verifier_reward", "dataset.train_size", "agents.verifier.num_gnn_layers"}) {
        BOOST_TEST_INFO(key);
        BOOST_CHECK(result.output.find(key) != std::string::npos);
    }
}
