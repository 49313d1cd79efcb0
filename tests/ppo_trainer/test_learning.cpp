// The learning check: the default experiment (ppo_trainer with no configuration, the
// default seed) must end with a verifier that beats chance on the test split by a stated
// margin. Slow (several minutes on two cores): label `learning`, outside the default run.
#define BOOST_TEST_MODULE ppo_learning
#include <boost/test/unit_test.hpp>

#include "host_process.hpp"
#include "metrics_file.hpp"

namespace fs = std::filesystem;

// Half the pairs are isomorphic, so always answering one way scores 0.5. The test phase
// plays about 5500 games (3 to 4 rounds each), so chance alone stays within 0.5 +- 0.02
// (three standard errors); the margin asks for more than that.
constexpr double chance = 0.5;
constexpr double margin = 0.025;

BOOST_AUTO_TEST_CASE(verifier_beats_chance_on_the_test_split) {
    const auto runs = nip::test::fresh_directory("ppo-learning");
    const auto result =
        nip::test::run_host(NIP_HOST_EXE,
                            {"--plugin", "ppo_trainer", "--plugins-dir", NIP_PLUGINS_DIR,
                             "--runs-dir", runs.string(), "--run-id", "learning", "--seed", "6198"},
                            std::chrono::seconds(1500));
    BOOST_TEST_INFO(result.output);
    BOOST_REQUIRE_EQUAL(result.exit_code, 0);
    const auto lines = nip::test::read_metrics(runs / "learning" / "metrics.jsonl");
    const auto accuracy = nip::test::last_metric(lines, "test_mean_accuracy");
    BOOST_REQUIRE(accuracy.has_value());
    BOOST_TEST_MESSAGE("test accuracy " << *accuracy);
    BOOST_CHECK_GE(*accuracy, chance + margin);
    fs::remove_all(runs);
}
