// One plugin file through every check: first those that run none of its code (the file,
// the descriptor as it is in the file), then, for the one plugin the host uses, loading
// it and checking the loaded descriptor the same way.
#pragma once

#include <filesystem>
#include <memory>

#include "nip/core/plugin_registry.hpp"

namespace nip::core::detail {

// Never throws for a bad plugin: the refusal is the candidate's problem.
PluginCandidate inspect_plugin_file(const std::filesystem::path& file);

// Loads a candidate that passed inspection (its static initialisers run here, under a
// CrashGuard that names it and exits 3 if they crash or exit) and checks the loaded
// descriptor. Throws PluginError.
std::shared_ptr<LoadedPlugin> load_inspected(const PluginCandidate& candidate);

} // namespace nip::core::detail
