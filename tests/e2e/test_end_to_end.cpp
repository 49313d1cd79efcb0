#define BOOST_TEST_MODULE end_to_end
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <fstream>
#include <iterator>
#include <regex>
#include <thread>

#include <torch/torch.h>

#include "checkpoint_compare.hpp"
#include "host_process.hpp"
#include "nip/core/local_checkpoint_store.hpp"

namespace fs = std::filesystem;
using nip::test::fresh_directory;
using nip::test::latest_checkpoint;
using nip::test::require_bitwise_equal;
using nip::test::run_host;

namespace {

std::vector<std::string> host_args(const fs::path& runs, const std::string& run_id,
                                   std::vector<std::string> extra = {}) {
    std::vector<std::string> args{
        "--plugin",   "tiny_regression", "--plugins-dir", NIP_E2E_PLUGINS_DIR,
        "--runs-dir", runs.string(),     "--run-id",      run_id};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

} // namespace

BOOST_AUTO_TEST_CASE(killed_run_resumes_to_the_same_final_weights) {
    auto runs = fresh_directory("e2e-resume");
    const std::vector<std::string> common{"--checkpoint-period", "10", "--set",
                                          "tiny.num_iterations=60"};

    auto straight = run_host(NIP_HOST_EXE, host_args(runs, "straight", common));
    BOOST_TEST_INFO(straight.output);
    BOOST_REQUIRE_EQUAL(straight.exit_code, 0);

    // The same run, slowed down so it can be killed between two checkpoints.
    auto slow = common;
    slow.insert(slow.end(), {"--set", "tiny.step_delay_ms=25"});
    const fs::path interrupted_dir = runs / "interrupted";
    auto killed =
        run_host(NIP_HOST_EXE, host_args(runs, "interrupted", slow), std::chrono::seconds(120),
                 [&] { return fs::exists(interrupted_dir / "checkpoints" / "iter-000000030"); });
    BOOST_TEST_INFO(killed.output);
    BOOST_REQUIRE_EQUAL(killed.signal, SIGKILL);

    // Resuming must not be refused for the delay: pass the same hyper-parameters.
    auto resumed = run_host(NIP_HOST_EXE, host_args(runs, "interrupted", slow));
    BOOST_TEST_INFO(resumed.output);
    BOOST_REQUIRE_EQUAL(resumed.exit_code, 0);
    BOOST_CHECK(
        resumed.output.find("Resuming from the checkpoint at iteration 30") != std::string::npos ||
        resumed.output.find("Resuming from the checkpoint at iteration 40") != std::string::npos);

    auto a = nip::core::read_checkpoint_dir(latest_checkpoint(runs / "straight"), "straight");
    auto b = nip::core::read_checkpoint_dir(latest_checkpoint(interrupted_dir), "resumed");
    BOOST_CHECK_EQUAL(a.iteration, 60);
    BOOST_CHECK_EQUAL(b.iteration, 60);
    require_bitwise_equal(a.agents.at("regressor"), b.agents.at("regressor"));
    require_bitwise_equal(a.trainer, b.trainer);
    fs::remove_all(runs);
}

BOOST_AUTO_TEST_CASE(total_iterations_equal_the_steps_taken) {
    auto runs = fresh_directory("e2e-total");
    auto result =
        run_host(NIP_HOST_EXE, host_args(runs, "total", {"--set", "tiny.num_iterations=17"}));
    BOOST_TEST_INFO(result.output);
    BOOST_REQUIRE_EQUAL(result.exit_code, 0);
    std::smatch match;
    std::regex finished(R"(finished: (\d+)/(\d+) iterations \((\d+) in this process)");
    BOOST_REQUIRE(std::regex_search(result.output, match, finished));
    BOOST_CHECK_EQUAL(match[1].str(), "22"); // 17 train + 5 test
    BOOST_CHECK_EQUAL(match[2].str(), "22");
    BOOST_CHECK_EQUAL(match[3].str(), "22");
    fs::remove_all(runs);
}

BOOST_AUTO_TEST_CASE(metrics_file_has_every_iteration_once_after_a_resume) {
    auto runs = fresh_directory("e2e-metrics");
    auto first = run_host(NIP_HOST_EXE,
                          host_args(runs, "m",
                                    {"--checkpoint-period", "5", "--set", "tiny.num_iterations=12",
                                     "--set", "tiny.fail_at_iteration=8"}));
    BOOST_REQUIRE_EQUAL(first.exit_code, 1);
    // Iterations 5..7 were logged after the last checkpoint (5) and will run again.
    auto second = run_host(NIP_HOST_EXE, host_args(runs, "m",
                                                   {"--checkpoint-period", "5", "--set",
                                                    "tiny.num_iterations=12", "--force"}));
    BOOST_TEST_INFO(second.output);
    BOOST_REQUIRE_EQUAL(second.exit_code, 0);
    std::ifstream in(runs / "m" / "metrics.jsonl");
    std::string line;
    std::vector<int> iterations;
    std::regex iteration(R"("iteration":(\d+))");
    while (std::getline(in, line)) {
        std::smatch match;
        BOOST_REQUIRE(std::regex_search(line, match, iteration));
        iterations.push_back(std::stoi(match[1].str()));
    }
    std::vector<int> expected;
    for (int i = 0; i < 12; ++i) {
        expected.push_back(i);
    }
    expected.push_back(12); // the test phase's record
    BOOST_CHECK_EQUAL_COLLECTIONS(iterations.begin(), iterations.end(), expected.begin(),
                                  expected.end());
    fs::remove_all(runs);
}

// One run, one writer: while a host trains a run, a second host on the same --run-id is
// refused at once with exit 5 and the holder's pid, and writes nothing into the run; once
// the first host dies (even by SIGKILL) the kernel frees the lock and the run is free.
BOOST_AUTO_TEST_CASE(a_second_host_on_a_run_in_use_is_refused_and_the_lock_dies_with_its_holder) {
    auto runs = fresh_directory("e2e-lock");
    const std::vector<std::string> slow{
        "--checkpoint-period",     "5",     "--set",
        "tiny.num_iterations=400", "--set", "tiny.step_delay_ms=20"};
    const fs::path run_dir = runs / "shared";
    std::atomic<bool> stop_first{false};
    nip::test::HostResult first;
    std::thread first_host([&] {
        first = run_host(NIP_HOST_EXE, host_args(runs, "shared", slow), std::chrono::seconds(120),
                         [&] { return stop_first.load(); });
    });
    // Wait until the first host is training (its first checkpoint is on disk).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!fs::exists(run_dir / "checkpoints" / "iter-000000005") &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }

    auto second = run_host(NIP_HOST_EXE, host_args(runs, "shared", slow), std::chrono::seconds(60));
    stop_first = true;
    first_host.join();

    BOOST_TEST_INFO(second.output);
    BOOST_CHECK_EQUAL(second.exit_code, 5);
    BOOST_CHECK(second.output.find("Run 'shared' is in use by another host (pid ") !=
                std::string::npos);
    BOOST_CHECK(second.output.find("pid unknown") == std::string::npos);
    // The refused host wrote nothing into the run: not even its error into the run's log.
    BOOST_CHECK(second.output.find("Resuming") == std::string::npos);
    std::ifstream log(run_dir / "log.txt");
    const std::string log_text((std::istreambuf_iterator<char>(log)),
                               std::istreambuf_iterator<char>());
    BOOST_CHECK(log_text.find("in use by another host") == std::string::npos);
    BOOST_CHECK_EQUAL(first.signal, SIGKILL);

    // The holder was killed: its lock went with it, and a new host takes the run (afresh
    // here, with --no-resume, as the killed one may have left no checkpoint yet).
    auto third =
        run_host(NIP_HOST_EXE,
                 host_args(runs, "shared", {"--no-resume", "--set", "tiny.num_iterations=20"}));
    BOOST_TEST_INFO(third.output);
    BOOST_CHECK_EQUAL(third.exit_code, 0);
}
