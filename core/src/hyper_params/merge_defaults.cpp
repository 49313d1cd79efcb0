#include "nip/core/hyper_params.hpp"

#include <boost/json.hpp>

#include "key_paths.hpp"
#include "nip/core/errors.hpp"

namespace nip::core {
namespace json = boost::json;
using namespace hyper_params_detail;

namespace {

void merge_into(json::object& merged, const json::object& plugin, const std::string& prefix,
                const std::string& core_source, const std::string& plugin_source) {
    for (const json::key_value_pair& entry : plugin) {
        const std::string path = join_key_path(prefix, entry.key());
        json::value* existing = merged.if_contains(entry.key());
        if (existing == nullptr) {
            merged.emplace(entry.key(), entry.value());
        } else if (existing->is_object() && entry.value().is_object()) {
            // A plugin may add keys to a core group, never redefine one.
            merge_into(existing->get_object(), entry.value().get_object(), path, core_source,
                       plugin_source);
        } else {
            throw UsageError("defaults: hyper-parameter '" + path + "' is defined by both " +
                             core_source + " and " + plugin_source + "; rename it in one of them");
        }
    }
}

} // namespace

json::object HyperParamsDocument::merge_defaults(const json::object& core,
                                                 const std::string& core_source,
                                                 const json::object& plugin,
                                                 const std::string& plugin_source) {
    check_key_names(core, core_source);
    check_key_names(plugin, plugin_source);
    json::object merged = core;
    merge_into(merged, plugin, "", core_source, plugin_source);
    return merged;
}

} // namespace nip::core
