#include <algorithm>

#include "nip/core/errors.hpp"
#include "nip/core/plugin_registry.hpp"

namespace nip::core {

namespace {
bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}
} // namespace

bool is_valid_plugin_name(const std::string& name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), is_name_char);
}

void validate_plugin_name(const std::string& name) {
    if (name.empty()) {
        throw UsageError("Empty plugin name: give the name of a plugin (see --list-plugins)");
    }
    if (name.find('/') != std::string::npos || name.find("..") != std::string::npos) {
        throw UsageError("Plugin name '" + name +
                         "' is a path: give the plugin's name and put its directory in "
                         "--plugins-dir or NIP_PLUGIN_PATH");
    }
    if (!is_valid_plugin_name(name)) {
        throw UsageError("Invalid plugin name '" + name +
                         "': a plugin name has only letters, digits, '_' and '-' (see "
                         "--list-plugins)");
    }
}

} // namespace nip::core
