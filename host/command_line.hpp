// The host's command line: parsed into what the core runs, or into a usage error.
#pragma once

#include <optional>
#include <string>

#include "nip/core/run.hpp"

namespace nip::host {

enum class Command { run, list_plugins, describe_plugin, probe_plugin, help, version };

struct CommandLine {
    Command command = Command::run;
    core::RunOptions run;
    std::string describe;   // plugin name for --describe-plugin
    std::string probe_file; // plugin file for --probe-plugin (internal)
};

// Throws core::UsageError naming the bad option.
CommandLine parse_command_line(int argc, char** argv);
std::string help_text();

} // namespace nip::host
