// Directory helpers shared by the object store and the version writer.
#pragma once

#include <filesystem>
#include <string>

namespace nip::core::artifacts {

// Creates `directory` (its parent must exist) and fsyncs the parent, so the new entry
// survives a crash; a no-op if the directory already exists.
void create_directory_synced(const std::filesystem::path& directory);

// A name part unique to this process and call: several threads or processes may write
// temporaries into one directory at once.
std::string unique_temporary_suffix();

} // namespace nip::core::artifacts
