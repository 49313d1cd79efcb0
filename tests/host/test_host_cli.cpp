#define BOOST_TEST_MODULE host_cli
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <iterator>

#include "host_process.hpp"
#include "nip/core/local_checkpoint_store.hpp"

namespace fs = std::filesystem;
using nip::test::HostResult;
using nip::test::run_host;

namespace {

struct Runs {
    fs::path dir = nip::test::fresh_directory("host-cli");
    ~Runs() { fs::remove_all(dir); }

    HostResult host(std::vector<std::string> args) const {
        return run_host(NIP_HOST_EXE, args, std::chrono::seconds(120));
    }
    // The tiny trainer with this test's runs directory.
    HostResult tiny(const std::string& run_id, std::vector<std::string> extra = {}) const {
        std::vector<std::string> args{"--plugin",      "tiny_regression",
                                      "--plugins-dir", NIP_E2E_PLUGINS_DIR,
                                      "--runs-dir",    dir.string(),
                                      "--run-id",      run_id,
                                      "--set",         "tiny.num_iterations=10"};
        args.insert(args.end(), extra.begin(), extra.end());
        return host(args);
    }
};

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

#define CHECK_OUTPUT(result, part)                                                                 \
    BOOST_CHECK_MESSAGE(contains((result).output, part), "missing '" << (part) << "' in:\n"        \
                                                                     << (result).output)

} // namespace

BOOST_FIXTURE_TEST_SUITE(host_cli, Runs)

BOOST_AUTO_TEST_CASE(help_and_version_answer) {
    auto help = host({"--help"});
    BOOST_CHECK_EQUAL(help.exit_code, 0);
    CHECK_OUTPUT(help, "--plugin");
    CHECK_OUTPUT(help, "Exit codes");
    CHECK_OUTPUT(help, "--checkpoint-period");
    CHECK_OUTPUT(help, "--threads");
    auto version = host({"--version"});
    BOOST_CHECK_EQUAL(version.exit_code, 0);
    CHECK_OUTPUT(version, "SDK ABI 1.1");
}

BOOST_AUTO_TEST_CASE(plugin_names_are_never_paths) {
    for (const std::string bad : {"../tiny_regression", "a/b", "..", "/tmp/x"}) {
        auto result = host({"--plugin", bad, "--runs-dir", dir.string()});
        BOOST_TEST_INFO(bad << ": " << result.output);
        BOOST_CHECK_EQUAL(result.exit_code, 2);
        BOOST_CHECK_EQUAL(result.signal, 0);
    }
    BOOST_CHECK(!fs::exists(dir / "runs"));
}

BOOST_AUTO_TEST_CASE(unknown_options_and_missing_plugins_are_refused) {
    auto unknown = host({"--plugin", "tiny_regression", "--frobnicate"});
    BOOST_CHECK_EQUAL(unknown.exit_code, 2);
    CHECK_OUTPUT(unknown, "frobnicate");
    for (const std::string threads : {"0", "-2", "many"}) {
        auto bad_threads = tiny("threads", {"--threads", threads});
        BOOST_TEST_INFO(threads);
        BOOST_CHECK_EQUAL(bad_threads.exit_code, 2);
        CHECK_OUTPUT(bad_threads, "--threads");
    }
    BOOST_CHECK(!fs::exists(dir / "threads"));
    auto missing = host({"--plugin", "no_such_trainer", "--plugins-dir", NIP_E2E_PLUGINS_DIR});
    BOOST_CHECK_EQUAL(missing.exit_code, 3);
    CHECK_OUTPUT(missing, "no_such_trainer");
    CHECK_OUTPUT(missing, "tiny_regression"); // what is available
}

BOOST_AUTO_TEST_CASE(bad_hyper_parameters_are_refused_before_any_work) {
    std::ofstream(dir / "unknown.json") << R"({"tiny": {"learning_rate": 0.1}})";
    auto unknown = tiny("bad1", {"--config", (dir / "unknown.json").string()});
    BOOST_CHECK_EQUAL(unknown.exit_code, 2);
    CHECK_OUTPUT(unknown, "tiny.learning_rate");

    std::ofstream(dir / "malformed.json") << "{\"tiny\": {\"lr\": 0.1,}}";
    auto malformed = tiny("bad2", {"--config", (dir / "malformed.json").string()});
    BOOST_CHECK_EQUAL(malformed.exit_code, 2);
    CHECK_OUTPUT(malformed, "line 1");

    auto wrong_type = tiny("bad3", {"--set", "tiny.batch_size=many"});
    BOOST_CHECK_EQUAL(wrong_type.exit_code, 2);
    CHECK_OUTPUT(wrong_type, "tiny.batch_size");

    auto out_of_range = tiny("bad4", {"--set", "tiny.lr=0"});
    BOOST_CHECK_EQUAL(out_of_range.exit_code, 2);
    CHECK_OUTPUT(out_of_range, "tiny.lr");

    for (const char* run : {"bad1", "bad2", "bad3", "bad4"}) {
        BOOST_CHECK(!fs::exists(dir / run));
    }
}

// Input that used to be accepted: a number that overflows to infinity (trained to NaN and
// exited 0), a stray word after the options, a second pair after one --set (silently
// dropped). Each is a usage error (exit 2) that names the text given, before any work.
BOOST_AUTO_TEST_CASE(non_finite_numbers_and_stray_arguments_are_refused) {
    struct Case {
        std::string run;
        std::vector<std::string> extra;
        std::string said;
    };
    std::ofstream(dir / "infinite.json") << R"({"tiny": {"lr": 1e999}})";
    const std::vector<Case> cases{
        {"inf1", {"--set", "tiny.lr=1e999"}, "'1e999' is not a finite number for 'tiny.lr'"},
        {"inf2", {"--set", "tiny.lr=-1e400"}, "'-1e400' is not a finite number for 'tiny.lr'"},
        {"inf3", {"--set", "seed=1e999"}, "seed"},
        {"inf4",
         {"--config", (dir / "infinite.json").string()},
         "'tiny.lr' is not a finite number"},
        {"stray1", {"bogus"}, "unexpected argument 'bogus'"},
        {"stray2",
         {"--set", "tiny.lr=0.1", "tiny.batch_size=8"},
         "unexpected argument 'tiny.batch_size=8': each --set takes one KEY.PATH=VALUE"},
    };
    for (const auto& c : cases) {
        auto result = tiny(c.run, c.extra);
        BOOST_TEST_INFO(c.run << ": " << result.output);
        BOOST_CHECK_EQUAL(result.exit_code, 2);
        CHECK_OUTPUT(result, c.said);
        BOOST_CHECK(!fs::exists(dir / c.run));
    }
}

// A runs directory that cannot be made (a path through a file) or a run directory with a
// file where its checkpoints directory goes: file-system errors, exit 5, with the path.
BOOST_AUTO_TEST_CASE(file_system_errors_exit_with_5) {
    std::ofstream(dir / "a_file") << "not a directory";
    auto through_a_file = host({"--plugin", "tiny_regression", "--plugins-dir", NIP_E2E_PLUGINS_DIR,
                                "--runs-dir", (dir / "a_file" / "sub").string(), "--run-id", "r",
                                "--set", "tiny.num_iterations=3"});
    BOOST_TEST_INFO(through_a_file.output);
    BOOST_CHECK_EQUAL(through_a_file.exit_code, 5);
    CHECK_OUTPUT(through_a_file, "a_file");

    fs::create_directories(dir / "blocked");
    std::ofstream(dir / "blocked" / "checkpoints") << "not a directory";
    auto blocked = tiny("blocked", {"--set", "tiny.num_iterations=3"});
    BOOST_TEST_INFO(blocked.output);
    BOOST_CHECK_EQUAL(blocked.exit_code, 5);
    CHECK_OUTPUT(blocked, "checkpoints");
}

BOOST_AUTO_TEST_CASE(a_failing_train_keeps_the_last_good_checkpoint) {
    auto failed = tiny("fails", {"--checkpoint-period", "3", "--set", "tiny.fail_at_iteration=7"});
    BOOST_CHECK_EQUAL(failed.exit_code, 1);
    BOOST_CHECK_EQUAL(failed.signal, 0);
    CHECK_OUTPUT(failed, "deliberate failure at iteration 7");
    CHECK_OUTPUT(failed, "tiny_regression");
    CHECK_OUTPUT(failed, "last good checkpoint (iteration 6) is intact");
    auto state = nip::core::read_checkpoint_dir(dir / "fails" / "checkpoints" / "iter-000000006",
                                                "after failure");
    BOOST_CHECK_EQUAL(state.iteration, 6);
}

BOOST_AUTO_TEST_CASE(a_trainer_that_segfaults_is_named_and_the_run_resumes) {
    auto crashed =
        tiny("crashes", {"--checkpoint-period", "3", "--set", "tiny.crash_at_iteration=7"});
    BOOST_TEST_INFO(crashed.output);
    BOOST_CHECK_EQUAL(crashed.signal, SIGSEGV);
    const std::string line = "fatal: Plugin 'tiny_regression' (";
    CHECK_OUTPUT(crashed, line);
    CHECK_OUTPUT(crashed, "crashed while training run 'crashes' (SIGSEGV, invalid memory "
                          "access) at iteration 7; the run's last checkpoint is intact: run "
                          "again with --run-id crashes to resume from it");
    // The run's log says it too, for whoever reads it later.
    std::ifstream log(dir / "crashes" / "log.txt");
    const std::string logged((std::istreambuf_iterator<char>(log)), {});
    BOOST_CHECK(logged.find(line) != std::string::npos);
    auto state = nip::core::read_checkpoint_dir(dir / "crashes" / "checkpoints" / "iter-000000006",
                                                "after the crash");
    BOOST_CHECK_EQUAL(state.iteration, 6);

    // With the bug gone (here: the crash switched off, which changes a hyper-parameter, so
    // --force), the run goes on from that checkpoint.
    auto resumed = tiny("crashes", {"--checkpoint-period", "3", "--force"});
    BOOST_CHECK_EQUAL(resumed.exit_code, 0);
    CHECK_OUTPUT(resumed, "Resuming from the checkpoint at iteration 6");
}

// A damaged latest checkpoint names the newest intact one and the flag that resumes from
// it; resuming from it sets the later ones aside (kept, never read again).
BOOST_AUTO_TEST_CASE(a_damaged_latest_checkpoint_offers_the_newest_intact_one) {
    BOOST_REQUIRE_EQUAL(tiny("dmg", {"--checkpoint-period", "3"}).exit_code, 0);
    const auto checkpoints = dir / "dmg" / "checkpoints";
    BOOST_REQUIRE(fs::exists(checkpoints / "iter-000000009"));
    std::ofstream(checkpoints / "iter-000000010" / "tensors.pt", std::ios::app) << "x";

    auto refused = tiny("dmg", {"--checkpoint-period", "3", "--set", "tiny.num_iterations=12"});
    BOOST_CHECK_EQUAL(refused.exit_code, 4);
    CHECK_OUTPUT(refused, "iter-000000010");
    CHECK_OUTPUT(refused, "The newest intact checkpoint is iter-000000009 (iteration 9): run "
                          "again with --resume-from iter-000000009 to resume from it");

    auto resumed = tiny("dmg", {"--checkpoint-period", "3", "--resume-from", "iter-000000009",
                                "--set", "tiny.num_iterations=12", "--force"});
    BOOST_CHECK_EQUAL(resumed.exit_code, 0);
    CHECK_OUTPUT(resumed, "Resuming from the checkpoint at iteration 9");
    CHECK_OUTPUT(resumed, "1 later checkpoint(s) moved to");
    bool kept = false;
    for (const auto& entry : fs::directory_iterator(dir / "dmg")) {
        kept = kept || fs::exists(entry.path() / "iter-000000010" / "tensors.pt");
    }
    BOOST_CHECK(kept);

    for (const auto& bad : {std::string("iter-x"), std::string("-3")}) {
        auto usage = tiny("dmg", {"--resume-from", bad});
        BOOST_CHECK_EQUAL(usage.exit_code, 2);
        CHECK_OUTPUT(usage, "--resume-from " + bad);
    }
    auto both = tiny("dmg", {"--resume-from", "9", "--no-resume"});
    BOOST_CHECK_EQUAL(both.exit_code, 2);
    auto missing = tiny("dmg", {"--resume-from", "5", "--force"});
    BOOST_CHECK_EQUAL(missing.exit_code, 2);
    CHECK_OUTPUT(missing, "has no such checkpoint (it has: ");
}

// A symbolic link in checkpoints/ that leads nowhere, or loops, is refused at start
// (exit 5, named) instead of failing every later save.
BOOST_AUTO_TEST_CASE(broken_links_among_the_checkpoints_are_refused_at_start) {
    BOOST_REQUIRE_EQUAL(tiny("links", {"--set", "tiny.num_iterations=3"}).exit_code, 0);
    const auto link = dir / "links" / "checkpoints" / "iter-000000012";
    fs::create_symlink(dir / "nowhere", link);
    auto dangling = tiny("links", {"--set", "tiny.num_iterations=3"});
    BOOST_CHECK_EQUAL(dangling.exit_code, 5);
    CHECK_OUTPUT(dangling, link.string() + "' is a symbolic link to '");
    CHECK_OUTPUT(dangling, "does not exist");

    fs::remove(link);
    fs::create_symlink(link, link);
    auto loop = tiny("links", {"--set", "tiny.num_iterations=3"});
    BOOST_CHECK_EQUAL(loop.exit_code, 5);
    CHECK_OUTPUT(loop, "cannot be followed");
}

// A kill during the state artifact's upload: the checkpoint was saved, its artifact
// version was not, and a temporary object file was left. The next start uploads the
// missing version and removes the temporary.
BOOST_AUTO_TEST_CASE(an_interrupted_artifact_upload_is_caught_up_on_the_next_start) {
    BOOST_REQUIRE_EQUAL(tiny("upload", {"--checkpoint-period", "5"}).exit_code, 0);
    const auto versions = dir / "artifacts" / "state_upload";
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(versions)) {
        if (entry.path().filename().string().rfind("v", 0) == 0) {
            found.push_back(entry.path());
        }
    }
    std::sort(found.begin(), found.end());
    BOOST_REQUIRE_GE(found.size(), 2u);
    fs::remove_all(found.back()); // the last upload never finished
    // pid 0x7ffffffe is above any pid_max, so its writer is surely gone.
    const auto left = dir / "artifacts" / "objects" / "ab" / ".tmp-ab12-2147483646-0";
    fs::create_directories(left.parent_path());
    std::ofstream(left) << "half an object";

    auto resumed = tiny("upload", {"--checkpoint-period", "5"});
    BOOST_CHECK_EQUAL(resumed.exit_code, 0);
    CHECK_OUTPUT(resumed, "The state artifact state_upload was behind checkpoint iter-000000010 "
                          "(its upload was interrupted): uploaded it now as state_upload:v" +
                              std::to_string(found.size() - 1));
    BOOST_CHECK(fs::exists(found.back() / "manifest.json"));
    BOOST_CHECK(!fs::exists(left));
}

// A plugin's own rule between keys is a usage error found before anything of the run
// exists: ppo_trainer's frames per batch must be a multiple of its environments.
BOOST_AUTO_TEST_CASE(a_plugins_own_hyper_parameter_rule_is_a_usage_error_before_any_directory) {
    const auto runs = dir / "rule-runs";
    auto refused = host({"--plugin", "ppo_trainer", "--runs-dir", runs.string(), "--run-id", "rule",
                         "--set", "rl.num_envs=7"});
    BOOST_CHECK_EQUAL(refused.exit_code, 2);
    CHECK_OUTPUT(refused, "Plugin 'ppo_trainer' refuses these hyper-parameters: ");
    CHECK_OUTPUT(refused, "must be a multiple of rl.num_envs (7)");
    BOOST_CHECK(!fs::exists(runs));
}

BOOST_AUTO_TEST_CASE(resume_rules) {
    BOOST_REQUIRE_EQUAL(tiny("r", {"--checkpoint-period", "4"}).exit_code, 0);

    auto again = tiny("r", {"--checkpoint-period", "4"});
    BOOST_CHECK_EQUAL(again.exit_code, 0);
    CHECK_OUTPUT(again, "Resuming from the checkpoint at iteration 10");

    auto changed = tiny("r", {"--set", "tiny.lr=0.02"});
    BOOST_CHECK_EQUAL(changed.exit_code, 4);
    CHECK_OUTPUT(changed, "tiny.lr");
    CHECK_OUTPUT(changed, "--force");

    auto forced = tiny("r", {"--set", "tiny.lr=0.02", "--force"});
    BOOST_CHECK_EQUAL(forced.exit_code, 0);

    auto fresh = tiny("r", {"--no-resume"});
    BOOST_CHECK_EQUAL(fresh.exit_code, 0);
    BOOST_CHECK(!contains(fresh.output, "Resuming"));
    bool set_aside = false;
    for (const auto& entry : fs::directory_iterator(dir / "r")) {
        set_aside |= entry.path().filename().string().rfind("previous-", 0) == 0;
    }
    BOOST_CHECK(set_aside);
}

BOOST_AUTO_TEST_CASE(a_damaged_checkpoint_is_reported) {
    BOOST_REQUIRE_EQUAL(tiny("d").exit_code, 0);
    auto state = dir / "d" / "checkpoints" / "iter-000000010" / "state.json";
    fs::resize_file(state, fs::file_size(state) - 3);
    auto result = tiny("d");
    BOOST_CHECK_EQUAL(result.exit_code, 4);
    CHECK_OUTPUT(result, "state.json");
}

BOOST_AUTO_TEST_CASE(a_test_run_saves_nothing) {
    auto result = tiny("t", {"--test-run"});
    BOOST_CHECK_EQUAL(result.exit_code, 0);
    BOOST_CHECK(!fs::exists(dir / "t"));
}

BOOST_AUTO_TEST_CASE(a_base_run_is_loaded_at_a_version) {
    BOOST_REQUIRE_EQUAL(tiny("base", {"--checkpoint-period", "4"}).exit_code, 0);
    // Checkpoints at 4, 8 and the end (10): the state artifact has v0, v1, v2.
    auto from_v1 = tiny("child", {"--base-run", "base:v1", "--set", "tiny.num_iterations=12"});
    BOOST_CHECK_EQUAL(from_v1.exit_code, 0);
    CHECK_OUTPUT(from_v1, "Loaded base run 'base' at v1 (iteration 8)");
    CHECK_OUTPUT(from_v1, "finished: 17/17 iterations (9 in this process");

    auto bad_version = tiny("child2", {"--base-run", "base:7"});
    BOOST_CHECK_EQUAL(bad_version.exit_code, 2);
}

BOOST_AUTO_TEST_CASE(plugins_are_listed_and_described) {
    auto list = host({"--list-plugins", "--plugins-dir", NIP_E2E_PLUGINS_DIR});
    BOOST_CHECK_EQUAL(list.exit_code, 0);
    CHECK_OUTPUT(list, "tiny_regression 1.0.0");
    auto describe =
        host({"--describe-plugin", "tiny_regression", "--plugins-dir", NIP_E2E_PLUGINS_DIR});
    BOOST_CHECK_EQUAL(describe.exit_code, 0);
    // Each key shows its schema rule, the plugin's and the core's.
    CHECK_OUTPUT(describe, "[plugin] tiny.lr = 0.01   (> 0)");
    CHECK_OUTPUT(describe, "[plugin] tiny.num_iterations = 60   (>= 1)");
    CHECK_OUTPUT(describe, "[core]   seed = 6198   (>= 0)");
    CHECK_OUTPUT(describe, "solo_agent");
}

BOOST_AUTO_TEST_SUITE_END()
