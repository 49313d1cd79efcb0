// One run of the host, end to end (DESIGN.md "Data flow of one run"): merge and check the
// hyper-parameters, load the plugin, build the scenario and the services, resume or
// initialise, train, and report. The host's command line only fills RunOptions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "nip/core/errors.hpp"

namespace nip::core {

struct PluginSearch {
    std::vector<std::filesystem::path> plugins_dirs; // --plugins-dir, in order
    std::string nip_plugin_path;                     // $NIP_PLUGIN_PATH
    std::vector<std::filesystem::path> default_dirs; // the build's or install's own
    // This host's executable: --list-plugins loads each plugin in a child process of it.
    std::filesystem::path host_executable;
};

struct RunOptions {
    std::string plugin;
    PluginSearch search;
    std::optional<std::filesystem::path> config;
    std::vector<std::string> overrides; // "a.b=value"
    std::optional<std::string> run_id;  // generated when absent
    std::filesystem::path runs_dir = "runs";
    std::optional<std::filesystem::path> artifacts_dir; // default <runs dir>/artifacts
    std::string device = "cpu";
    // CPU threads: pieces of work (the agents' passes) run side by side on them, each
    // tensor operation on one thread, so a run's bits do not depend on the count and the
    // host's default can be the machine's core count.
    std::int64_t threads = 1;
    std::optional<std::int64_t> seed;
    std::int64_t checkpoint_period = 10;
    bool test_run = false;
    bool no_resume = false;
    std::optional<std::int64_t> resume_from; // --resume-from: this checkpoint, not the latest
    bool force = false;
    std::optional<std::string> base_run; // RUN or RUN:VERSION
    // Record libtorch's operators during training and write the table of the top ones by
    // self time here (OperatorProfile); the run itself is unchanged, only slower.
    std::optional<std::filesystem::path> profile;
};

// Runs the experiment; returns the exit code. Errors are reported on stderr (and in the
// run's log), never thrown.
ExitCode run_experiment(const RunOptions& options);

// --list-plugins and --describe-plugin: print to stdout; return the exit code.
// describe_plugin shows the hyper-parameters with `config` and `overrides` applied, and
// the agent sections of the protocol they choose only.
ExitCode list_plugins(const PluginSearch& search);
ExitCode describe_plugin(const std::string& name, const PluginSearch& search,
                         const std::optional<std::filesystem::path>& config = std::nullopt,
                         const std::vector<std::string>& overrides = {});

// The plugin directories that ship with a host at `executable` (build tree or install).
std::vector<std::filesystem::path> default_plugin_dirs(const std::filesystem::path& executable);

} // namespace nip::core
