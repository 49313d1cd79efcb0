// The checks on a loaded plugin's descriptor, in the order the host must make them: the
// ABI fields first (nothing else in the descriptor can be trusted before), then the build
// facts, then the plugin's own fields. Each throws PluginError with one line naming the
// plugin and its file.
#pragma once

#include <filesystem>

#include "nip/core/plugin_registry.hpp"
#include "nip/sdk/abi.hpp"

namespace nip::core::detail {

// Reads only abi_major, abi_minor and descriptor_size.
void check_abi(const nip_plugin_descriptor& descriptor, const std::filesystem::path& file);

// Copies the metadata out of a descriptor whose ABI was accepted (null strings read as "").
PluginInfo read_info(const nip_plugin_descriptor& descriptor, const std::filesystem::path& file);

// The SDK headers' hash, libtorch's version, the C++11 string ABI and the compiler must be
// the host's, as C++ objects cross the boundary.
void check_build_facts(const nip_plugin_descriptor& descriptor, const PluginInfo& info);

// Name, trainer type, default hyper-parameters (and schema) and entry points.
void check_fields(const nip_plugin_descriptor& descriptor, const PluginInfo& info);

} // namespace nip::core::detail
