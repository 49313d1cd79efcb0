// One plugin file through every check, from the file on disk to a LoadedPlugin.
#pragma once

#include <filesystem>
#include <memory>

#include "nip/core/plugin_registry.hpp"

namespace nip::core::detail {

struct LoadOutcome {
    PluginCandidate candidate;            // problem set when refused
    std::shared_ptr<LoadedPlugin> plugin; // null when refused
};

// Never throws for a bad plugin: the refusal is the candidate's problem.
LoadOutcome load_plugin_file(const std::filesystem::path& file);

} // namespace nip::core::detail
