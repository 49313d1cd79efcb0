// The check made on a plugin file before it is loaded: nothing in it runs until it is known
// to be an ELF shared library that exports the descriptor.
#pragma once

#include <filesystem>

namespace nip::core::detail {

// Throws PluginError (one line naming the file) unless `file` is an ELF shared library
// exporting NIP_PLUGIN_SYMBOL. Reads the file; does not load it.
void check_plugin_file(const std::filesystem::path& file);

} // namespace nip::core::detail
