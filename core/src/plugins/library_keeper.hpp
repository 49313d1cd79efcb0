// Loading plugin libraries for the life of the process.
#pragma once

#include <filesystem>
#include <memory>

#include <boost/dll/shared_library.hpp>

namespace nip::core::detail {

// Loads `file` with RTLD_NOW | RTLD_LOCAL, or returns the library already loaded from it.
// The library is never unloaded: a process-lifetime container keeps a reference that is
// never released, because objects, deleters and exception data made by a plugin's code
// may outlive every handle to it. Throws PluginError with the loader's message.
std::shared_ptr<const boost::dll::shared_library>
load_for_process_lifetime(const std::filesystem::path& file);

} // namespace nip::core::detail
