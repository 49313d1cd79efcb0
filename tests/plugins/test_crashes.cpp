// Plugins whose code takes the process down, run through the host as a user would: a
// broken file anywhere on the search path never stops the host from using the others,
// the one asked for is named when it dies, and --list-plugins runs the checks --plugin
// runs, naming each refusal.
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include "host_process.hpp"
#include "test_support.hpp"

using nip_test::contains;
using nip_test::fixture_dir;
using nip_test::fixture_file;

namespace {

nip::test::HostResult host(const std::vector<std::string>& args) {
    return nip::test::run_host(NIP_HOST_EXE, args, std::chrono::seconds(120));
}

const std::vector<std::string> load_crashes{"throw", "abort", "segfault", "exit"};

} // namespace

BOOST_AUTO_TEST_SUITE(plugin_crashes)

BOOST_AUTO_TEST_CASE(a_plugin_that_dies_while_loaded_is_named_and_exits_3) {
    for (const auto& crash : load_crashes) {
        const auto name = "load_" + crash;
        const auto file = fixture_file(name, name).string();
        for (const auto& command : {"--plugin", "--describe-plugin"}) {
            auto result =
                host({command, name, "--plugins-dir", fixture_dir(name).string(), "--test-run"});
            if (std::string(command) == "--describe-plugin") {
                result = host({command, name, "--plugins-dir", fixture_dir(name).string()});
            }
            BOOST_TEST_INFO(command << " " << name << ":\n" << result.output);
            BOOST_CHECK_EQUAL(result.exit_code, 3);
            BOOST_CHECK(contains(result.output, "Plugin '" + name + "' (" + file +
                                                    ") crashed while being loaded"));
        }
    }
    // The exception's own words reach the user, and so does the cause of each ending.
    BOOST_CHECK(contains(host({"--describe-plugin", "load_throw", "--plugins-dir",
                               fixture_dir("load_throw").string()})
                             .output,
                         "no licence file"));
    BOOST_CHECK(contains(
        host({"--describe-plugin", "load_exit", "--plugins-dir", fixture_dir("load_exit").string()})
            .output,
        "it called exit()"));
    BOOST_CHECK(contains(host({"--describe-plugin", "load_segfault", "--plugins-dir",
                               fixture_dir("load_segfault").string()})
                             .output,
                         "SIGSEGV"));
}

BOOST_AUTO_TEST_CASE(broken_files_beside_a_good_plugin_never_run) {
    const auto dir = fixture_dir("crashing_beside_valid").string();
    // Only the plugin asked for is loaded: the four that die when loaded stay unread.
    const auto described = host({"--describe-plugin", "valid", "--plugins-dir", dir});
    BOOST_TEST_INFO(described.output);
    BOOST_CHECK_EQUAL(described.exit_code, 0);
    BOOST_CHECK(contains(described.output, "valid 1.2.3: Counts to three"));

    const auto listed = host({"--list-plugins", "--plugins-dir", dir});
    BOOST_TEST_INFO(listed.output);
    BOOST_CHECK_EQUAL(listed.exit_code, 0);
    BOOST_CHECK(contains(listed.output, "  valid 1.2.3  Counts to three"));
    for (const auto& crash : load_crashes) {
        const auto file = dir + "/load_" + crash + ".so";
        BOOST_CHECK(contains(listed.output, "(refused) load_" + crash + " 1.0.0  " + file));
        BOOST_CHECK(contains(listed.output, "Plugin 'load_" + crash + "' (" + file +
                                                ") crashed while being loaded"));
    }
}

BOOST_AUTO_TEST_CASE(a_crash_in_train_is_named_with_the_plugin_and_iteration) {
    const auto file = fixture_file("train_crash", "train_crash").string();
    const std::vector<std::string> args{"--plugin", "train_crash", "--plugins-dir",
                                        fixture_dir("train_crash").string(), "--test-run"};
    ::setenv("NIP_FIXTURE_CRASH", "segfault", 1);
    const auto result = host(args);
    BOOST_TEST_INFO(result.output);
    // The process still ends by the signal (a core dump can be written), after the line.
    BOOST_CHECK_EQUAL(result.signal, SIGSEGV);
    BOOST_CHECK(contains(result.output, "fatal: Plugin 'train_crash' (" + file +
                                            ") crashed while training run '"));
    BOOST_CHECK(contains(result.output, "(SIGSEGV, invalid memory access) at iteration 1"));

    // exit() in train() would end the host with the plugin's status (0 here, success):
    // it is a training failure instead, named the same way.
    ::setenv("NIP_FIXTURE_CRASH", "exit", 1);
    const auto exited = host(args);
    ::unsetenv("NIP_FIXTURE_CRASH");
    BOOST_TEST_INFO(exited.output);
    BOOST_CHECK_EQUAL(exited.exit_code, 1);
    BOOST_CHECK(contains(exited.output, "fatal: Plugin 'train_crash' ("));
    BOOST_CHECK(contains(exited.output, "(it called exit()) at iteration 1"));
}

// Every refusal --plugin makes, --list-plugins makes too, in the same words.
BOOST_AUTO_TEST_CASE(list_plugins_refuses_what_plugin_refuses) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"other_headers", "was built with SDK headers hash 0123456789abcdef"},
        {"wrong_build", "was built with libtorch 0.0.1"},
        {"other_compiler", "was built with compiler clang-99"},
        {"other_string_abi", "was built with _GLIBCXX_USE_CXX11_ABI=7"},
        {"path_name", "declares the invalid name '../evil'"},
        {"missing_dependency", "libnip_fixture_helper.so"},
        {"load_abort", "crashed while being loaded"}};
    std::vector<std::string> list_args{"--list-plugins"};
    for (const auto& [fixture, _] : cases) {
        list_args.insert(list_args.end(), {"--plugins-dir", fixture_dir(fixture).string()});
    }
    const auto listed = host(list_args);
    BOOST_TEST_INFO(listed.output);
    BOOST_CHECK_EQUAL(listed.exit_code, 0);
    for (const auto& [fixture, reason] : cases) {
        BOOST_TEST_INFO(fixture);
        BOOST_CHECK(contains(listed.output, "(refused) "));
        BOOST_CHECK(contains(listed.output, reason));
        // The name --plugin is given is the file's stem here, except for the bad name.
        if (fixture == "path_name") {
            continue;
        }
        const auto used = host(
            {"--plugin", fixture, "--plugins-dir", fixture_dir(fixture).string(), "--test-run"});
        BOOST_TEST_INFO(used.output);
        BOOST_CHECK_EQUAL(used.exit_code, 3);
        BOOST_CHECK(contains(used.output, reason));
    }
}

// A plugin file the user cannot read is refused as such, through the host. Root reads
// any file, so as root the host is run as the unprivileged user 65534 (with setpriv).
BOOST_AUTO_TEST_CASE(an_unreadable_plugin_file_says_permission_denied) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("nip-unreadable-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::filesystem::permissions(dir, std::filesystem::perms::all);
    const auto locked = dir / "locked.so";
    std::filesystem::copy_file(fixture_file("valid", "valid"), locked);
    std::filesystem::permissions(locked, std::filesystem::perms::none);
    std::vector<std::string> args{"--list-plugins", "--plugins-dir", dir.string()};
    nip::test::HostResult listed;
    if (::geteuid() == 0) {
        args.insert(args.begin(),
                    {"--reuid=65534", "--regid=65534", "--clear-groups", NIP_HOST_EXE});
        listed = nip::test::run_host("/usr/bin/setpriv", args, std::chrono::seconds(120));
    } else {
        listed = host(args);
    }
    std::filesystem::remove_all(dir);
    BOOST_TEST_INFO(listed.output);
    BOOST_CHECK_EQUAL(listed.exit_code, 0);
    BOOST_CHECK(contains(listed.output, "(refused) " + locked.string()));
    BOOST_CHECK(contains(listed.output, "Cannot read plugin file '" + locked.string() +
                                            "': Permission denied (check its permissions)"));
}

BOOST_AUTO_TEST_SUITE_END()
