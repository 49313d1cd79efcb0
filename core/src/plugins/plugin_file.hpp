// The first check on a plugin file: its ELF header, read from the file (nothing is loaded),
// so that a refusal says what is wrong with the file itself.
#pragma once

#include <filesystem>

namespace nip::core::detail {

// Throws PluginError (one line naming the file) unless `file` can be read and is a 64-bit
// ELF shared library for this host's machine.
void check_elf_header(const std::filesystem::path& file);

} // namespace nip::core::detail
