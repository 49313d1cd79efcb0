// host: loads a trainer plugin by name and runs it (see host --help).
#include <iostream>

#include <torch/version.h>

#include "command_line.hpp"
#include "nip/core/package.hpp"
#include "nip/core/plugin_registry.hpp"
#include "nip/sdk/abi.hpp"

int main(int argc, char** argv) {
    using namespace nip;
    try {
        host::CommandLine line = host::parse_command_line(argc, argv);
        line.run.search.host_executable = std::filesystem::canonical("/proc/self/exe");
        line.run.search.default_dirs = core::default_plugin_dirs(line.run.search.host_executable);
        switch (line.command) {
        case host::Command::help:
            std::cout << host::help_text();
            return 0;
        case host::Command::version: {
            const auto metadata = core::package_metadata();
            std::cout << metadata.package_name << " " << metadata.package_version << " (git "
                      << metadata.git_revision << "), SDK ABI " << NIP_SDK_ABI_MAJOR << "."
                      << NIP_SDK_ABI_MINOR << ", libtorch " << TORCH_VERSION << "\n";
            return 0;
        }
        case host::Command::list_plugins:
            return static_cast<int>(core::list_plugins(line.run.search));
        case host::Command::probe_plugin:
            return core::probe_plugin_command(line.probe_file);
        case host::Command::describe_plugin:
            return static_cast<int>(core::describe_plugin(line.describe, line.run.search,
                                                          line.run.config, line.run.overrides));
        case host::Command::run:
            return static_cast<int>(core::run_experiment(line.run));
        }
    } catch (const core::Error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return static_cast<int>(e.code());
    }
    return 0;
}
