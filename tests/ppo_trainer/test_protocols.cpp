// Every protocol through the host with ppo_trainer, as a user runs it: each trains and
// tests (--test-run), a three-agent run resumes bitwise equal after SIGKILL, update
// schedules name the protocol's agents, --describe-plugin shows the chosen protocol's
// agents, and rounds a protocol cannot play are refused before the run exists.
#define BOOST_TEST_MODULE ppo_protocols
#include <boost/test/unit_test.hpp>

#include <torch/torch.h>

#include "checkpoint_compare.hpp"
#include "host_process.hpp"
#include "metrics_file.hpp"
#include "nip/core/local_checkpoint_store.hpp"
#include "ppo_host_args.hpp"

namespace fs = std::filesystem;
using nip::test::fresh_directory;
using nip::test::run_host;

namespace {

std::vector<std::string> host_args(const fs::path& runs, const std::string& run_id,
                                   const std::string& protocol,
                                   std::vector<std::string> extra = {}) {
    extra.insert(extra.begin(), {"--set", "interaction_protocol=" + protocol});
    return nip::test::ppo_host_args(runs, run_id, 4, extra);
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_CASE(every_protocol_test_run_ends_with_exit_0) {
    const auto runs = fresh_directory("ppo-protocols-test-run");
    for (const char* protocol :
         {"nip", "adp", "debate", "mnip", "merlin_arthur", "solo_verifier"}) {
        BOOST_TEST_CONTEXT("protocol " << protocol) {
            const auto result =
                run_host(NIP_HOST_EXE, host_args(runs, protocol, protocol, {"--test-run"}));
            BOOST_TEST_INFO(result.output);
            BOOST_CHECK_EQUAL(result.exit_code, 0);
            BOOST_CHECK(contains(result.output, "test_mean_accuracy="));
            BOOST_CHECK(!fs::exists(runs / protocol)); // a test run saves nothing
        }
    }
    fs::remove_all(runs);
}

BOOST_AUTO_TEST_CASE(three_agents_train_record_metrics_and_resume_bitwise_equal) {
    const auto runs = fresh_directory("ppo-protocols-resume");
    const std::vector<std::string> period{"--checkpoint-period", "2"};
    const auto straight = run_host(NIP_HOST_EXE, host_args(runs, "straight", "debate", period));
    BOOST_TEST_INFO(straight.output);
    BOOST_REQUIRE_EQUAL(straight.exit_code, 0);
    const auto lines = nip::test::read_metrics(runs / "straight" / "metrics.jsonl");
    BOOST_REQUIRE_GE(lines.size(), 4U);
    for (const char* agent : {"prover0", "prover1", "verifier"}) {
        BOOST_TEST_INFO("agent " << agent);
        BOOST_CHECK(
            lines[0].at("scalars").as_object().contains(std::string(agent) + ".loss_objective"));
    }

    const fs::path interrupted = runs / "interrupted";
    const auto killed = run_host(
        NIP_HOST_EXE, host_args(runs, "interrupted", "debate", period), std::chrono::seconds(300),
        [&] { return fs::exists(interrupted / "checkpoints" / "iter-000000002"); });
    BOOST_TEST_INFO(killed.output);
    BOOST_REQUIRE_EQUAL(killed.signal, SIGKILL);
    const auto resumed = run_host(NIP_HOST_EXE, host_args(runs, "interrupted", "debate", period));
    BOOST_TEST_INFO(resumed.output);
    BOOST_REQUIRE_EQUAL(resumed.exit_code, 0);

    const auto a =
        nip::core::read_checkpoint_dir(nip::test::latest_checkpoint(runs / "straight"), "a");
    const auto b = nip::core::read_checkpoint_dir(nip::test::latest_checkpoint(interrupted), "b");
    for (const char* agent : {"prover0", "prover1", "verifier"}) {
        BOOST_TEST_INFO("agent " << agent);
        nip::test::require_bitwise_equal(a.agents.at(agent), b.agents.at(agent));
    }
    nip::test::require_bitwise_equal(a.trainer, b.trainer);
    fs::remove_all(runs);
}

// The original's three-agent schedule: the verifier learns in the first part of each
// period, both provers in the rest.
BOOST_AUTO_TEST_CASE(alternating_schedule_with_two_provers) {
    const auto runs = fresh_directory("ppo-protocols-schedule");
    const auto result =
        run_host(NIP_HOST_EXE, host_args(runs, "mnip", "mnip",
                                         {"--set", "rl.update_schedule=alternating_periodic",
                                          "--set", "rl.update_schedule_period=2", "--set",
                                          "rl.update_schedule_first_agent_iterations=1"}));
    BOOST_TEST_INFO(result.output);
    BOOST_REQUIRE_EQUAL(result.exit_code, 0);
    const auto lines = nip::test::read_metrics(runs / "mnip" / "metrics.jsonl");
    for (std::size_t i = 0; i < 4; ++i) {
        const auto& scalars = lines[i].at("scalars").as_object();
        BOOST_TEST_INFO("iteration " << i);
        BOOST_CHECK_EQUAL(scalars.contains("verifier.loss_objective"), i % 2 == 0);
        BOOST_CHECK_EQUAL(scalars.contains("prover0.loss_objective"), i % 2 == 1);
        BOOST_CHECK_EQUAL(scalars.contains("prover1.loss_objective"), i % 2 == 1);
    }

    // A first agent the protocol does not have is an error, not a silent no-op.
    const auto wrong = run_host(
        NIP_HOST_EXE, host_args(runs, "wrong", "debate",
                                {"--test-run", "--set", "rl.update_schedule=alternating_periodic",
                                 "--set", "rl.update_schedule_first_agent=prover"}));
    BOOST_TEST_INFO(wrong.output);
    BOOST_CHECK_NE(wrong.exit_code, 0);
    BOOST_CHECK(contains(wrong.output, "'prover' is not an agent of this protocol (prover0, "
                                       "prover1, verifier)"));
    fs::remove_all(runs);
}

BOOST_AUTO_TEST_CASE(describe_plugin_shows_the_chosen_protocols_agents) {
    const auto debate =
        run_host(NIP_HOST_EXE, {"--plugins-dir", NIP_PLUGINS_DIR, "--describe-plugin",
                                "ppo_trainer", "--set", "interaction_protocol=debate"});
    BOOST_TEST_INFO(debate.output);
    BOOST_REQUIRE_EQUAL(debate.exit_code, 0);
    BOOST_CHECK(
        contains(debate.output, "protocol:     debate (agents: prover0, prover1, verifier"));
    BOOST_CHECK(contains(debate.output, "agents.prover0.num_gnn_layers = 5"));
    BOOST_CHECK(contains(debate.output, "agents.prover1.num_gnn_layers = 5"));
    BOOST_CHECK(contains(debate.output, "agents.verifier.num_gnn_layers = 2"));
    BOOST_CHECK(contains(debate.output, "protocol.debate.sequential = false"));
    BOOST_CHECK(!contains(debate.output, "agents.prover.num_gnn_layers"));

    const auto adp = run_host(NIP_HOST_EXE, {"--plugins-dir", NIP_PLUGINS_DIR, "--describe-plugin",
                                             "ppo_trainer", "--set", "interaction_protocol=adp"});
    BOOST_TEST_INFO(adp.output);
    BOOST_REQUIRE_EQUAL(adp.exit_code, 0);
    BOOST_CHECK(contains(adp.output, "protocol.max_message_rounds = 2"));
    BOOST_CHECK(contains(adp.output, "agents.prover.num_gnn_layers = 5"));
    BOOST_CHECK(!contains(adp.output, "agents.prover0."));
}

BOOST_AUTO_TEST_CASE(rounds_a_protocol_cannot_play_are_refused_before_the_run_exists) {
    const auto runs = fresh_directory("ppo-protocols-rounds");
    const auto result = run_host(
        NIP_HOST_EXE, host_args(runs, "adp", "adp", {"--set", "protocol.max_message_rounds=5"}));
    BOOST_TEST_INFO(result.output);
    BOOST_CHECK_EQUAL(result.exit_code, 2);
    BOOST_CHECK(contains(result.output, "protocol.max_message_rounds=5: interaction_protocol "
                                        "'adp' has exactly 2"));
    BOOST_CHECK(!fs::exists(runs / "adp"));

    // Unset, the protocol's own rounds are what the run records.
    const auto fine = run_host(NIP_HOST_EXE, host_args(runs, "ma", "merlin_arthur"));
    BOOST_TEST_INFO(fine.output);
    BOOST_REQUIRE_EQUAL(fine.exit_code, 0);
    const auto checkpoint =
        nip::core::read_checkpoint_info(nip::test::latest_checkpoint(runs / "ma"), "ma");
    BOOST_TEST_INFO(checkpoint.hyper_params_json);
    BOOST_CHECK(contains(checkpoint.hyper_params_json, "\"max_message_rounds\": 2") ||
                contains(checkpoint.hyper_params_json, "\"max_message_rounds\":2"));
    fs::remove_all(runs);
}

BOOST_AUTO_TEST_CASE(settings_of_an_agent_the_protocol_lacks_are_named_in_a_warning) {
    const auto runs = fresh_directory("ppo-protocols-unused");
    const auto result =
        run_host(NIP_HOST_EXE, host_args(runs, "unused", "debate",
                                         {"--test-run", "--set", "agents.prover.num_gnn_layers=3",
                                          "--set", "agents.prover0.num_gnn_layers=4"}));
    BOOST_TEST_INFO(result.output);
    BOOST_REQUIRE_EQUAL(result.exit_code, 0);
    BOOST_CHECK(contains(result.output, "Not used: agents.prover.num_gnn_layers (interaction_"
                                        "protocol 'debate' has the agents prover0, prover1, "
                                        "verifier)"));
    BOOST_CHECK(!contains(result.output, "agents.prover0.num_gnn_layers ("));
    fs::remove_all(runs);
}
