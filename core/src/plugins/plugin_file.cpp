#include "plugin_file.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <boost/dll/library_info.hpp>

#include "nip/core/errors.hpp"
#include "nip/sdk/abi.hpp"

namespace nip::core::detail {

void check_plugin_file(const std::filesystem::path& file) {
    std::vector<std::string> exported;
    try {
        boost::dll::library_info library(file);
        exported = library.symbols();
    } catch (const std::exception&) {
        // Boost.DLL throws for a foreign format and for a file too short to hold the
        // headers it reads; either way the loader would refuse it.
        throw PluginError("Not a plugin: '" + file.string() + "' is not an ELF shared library");
    }
    if (std::find(exported.begin(), exported.end(), NIP_PLUGIN_SYMBOL) == exported.end()) {
        throw PluginError("Not a plugin: '" + file.string() +
                          "' exports no " NIP_PLUGIN_SYMBOL
                          " descriptor (build it with NIP_REGISTER_TRAINER)");
    }
}

} // namespace nip::core::detail
