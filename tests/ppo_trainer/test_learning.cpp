// The learning check: the default experiment (ppo_trainer's default configuration and
// seed) on smaller graphs, 5 to 8 nodes instead of 7 to 11, for 300 iterations instead of
// 700, must end with a verifier whose test accuracy is at least 0.65. Smaller graphs make
// each iteration about a quarter cheaper and the verifier learns in fewer of them, so that
// the check fits in about 3 minutes on two cores. Label `learning`, so that `-LE learning`
// can leave it out.
#define BOOST_TEST_MODULE ppo_learning
#include <boost/test/unit_test.hpp>

#include "host_process.hpp"
#include "metrics_file.hpp"

namespace fs = std::filesystem;

// Half the pairs are isomorphic, so always answering one way scores 0.5; the check asks
// for 0.65. Measured on the development machine: 0.872 with the default seed; 0.736,
// 0.669 and 0.781 with seeds 1, 2 and 3 (what a CPU that rounds differently may see);
// 0.745 with an untrained prover (agents.prover.agent_lr_factor=0): on graphs this small
// a verifier passes 0.65 nearly alone (README, label `learning`). The test phase runs 40
// iterations here instead of the default 10 (it only plays, so it adds seconds).
constexpr double required_accuracy = 0.65;

BOOST_AUTO_TEST_CASE(the_verifier_reaches_0_65_on_the_test_split) {
    const auto runs = nip::test::fresh_directory("ppo-learning");
    const auto result = nip::test::run_host(
        NIP_HOST_EXE,
        {"--plugin", "ppo_trainer", "--plugins-dir", NIP_PLUGINS_DIR, "--runs-dir", runs.string(),
         "--run-id", "learning", "--seed", "6198", "--set", "dataset.min_nodes=5", "--set",
         "dataset.max_nodes=8", "--set", "rl.num_iterations=300", "--set",
         "rl.num_test_iterations=40"},
        std::chrono::seconds(1500));
    BOOST_TEST_INFO(result.output);
    BOOST_REQUIRE_EQUAL(result.exit_code, 0);
    const auto lines = nip::test::read_metrics(runs / "learning" / "metrics.jsonl");
    const auto accuracy = nip::test::last_metric(lines, "test_mean_accuracy");
    BOOST_REQUIRE(accuracy.has_value());
    BOOST_TEST_MESSAGE("test accuracy " << *accuracy);
    BOOST_CHECK_GE(*accuracy, required_accuracy);
    fs::remove_all(runs);
}
