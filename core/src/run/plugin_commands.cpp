#include <algorithm>
#include <iostream>

#include <boost/json.hpp>

#include "nip/core/json_text.hpp"
#include "nip/core/plugin_registry.hpp"
#include "nip/core/protocols/protocol_factory.hpp"
#include "nip/core/run.hpp"
#include "nip/core/scenarios/scenario_builder.hpp"
#include "run_parts.hpp"

namespace nip::core {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// Leaf key paths of a document, in sorted order, with their values as JSON text.
void flatten(const json::object& object, const std::string& prefix,
             std::map<std::string, std::string>& out) {
    for (const auto& [key, value] : object) {
        const std::string path =
            prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
        if (value.is_object() && !value.as_object().empty()) {
            flatten(value.as_object(), path, out);
        } else {
            out[path] = to_sorted_json(value, false);
        }
    }
}

const char* trainer_type_name(std::int32_t type) {
    return type == NIP_TRAINER_RL ? "rl (agents get policy and value heads)"
                                  : "solo_agent (agents get a classification head)";
}

void print_search_path(const PluginRegistry& registry) {
    std::cout << "Searched, in order:";
    for (const auto& dir : registry.search_path()) {
        std::cout << " " << dir.string();
    }
    std::cout << "\n";
}

} // namespace

std::vector<fs::path> default_plugin_dirs(const fs::path& executable) {
    // build tree: <build>/host/host -> <build>/plugins; install: <prefix>/bin/host ->
    // <prefix>/lib/nip/plugins.
    const fs::path dir = executable.parent_path();
    return {dir.parent_path() / "plugins", dir.parent_path() / "lib" / "nip" / "plugins"};
}

ExitCode list_plugins(const PluginSearch& search) {
    try {
        PluginRegistry registry(search.plugins_dirs, search.nip_plugin_path, search.default_dirs);
        // Each plugin that passes the checks made on its file is also loaded, in a child
        // process, so that one whose code crashes or exits while loading is listed as
        // refused, with why, instead of ending this listing.
        PluginRegistry::PluginProbe probe;
        if (!search.host_executable.empty()) {
            probe = [&](const fs::path& file) {
                return probe_in_child_process(search.host_executable, file);
            };
        }
        auto candidates = registry.list(probe);
        print_search_path(registry);
        if (candidates.empty()) {
            std::cout << "No plugins found.\n";
        }
        for (const auto& candidate : candidates) {
            if (candidate.problem.empty()) {
                std::cout << "  " << candidate.info->name << " " << candidate.info->version << "  "
                          << candidate.info->summary << "\n      " << candidate.file.string()
                          << "\n";
                if (candidate.shadowed_by) {
                    std::cout << "      (shadowed by " << candidate.shadowed_by->string()
                              << ", earlier in the search path: not used)\n";
                }
            } else {
                // The name and version when the descriptor could be read, so that a user
                // sees which plugin it is before why it was refused.
                std::cout << "  (refused) "
                          << (candidate.info
                                  ? candidate.info->name + " " + candidate.info->version + "  "
                                  : std::string())
                          << candidate.file.string() << "\n      " << candidate.problem << "\n";
            }
        }
        return ExitCode::ok;
    } catch (const Error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return e.code();
    }
}

ExitCode describe_plugin(const std::string& name, const PluginSearch& search,
                         const std::optional<std::filesystem::path>& config,
                         const std::vector<std::string>& overrides) {
    try {
        validate_plugin_name(name);
        PluginRegistry registry(search.plugins_dirs, search.nip_plugin_path, search.default_dirs);
        const PluginInfo info = info_of(*registry.find(name));
        auto params = make_hyper_params(info);
        if (config) {
            params.apply_config_file(*config);
        }
        for (const auto& assignment : overrides) {
            params.apply_override(assignment);
        }
        apply_protocol_rounds(params);
        params.validate();
        check_scenario_params(params);
        // Only the sections of the agents the chosen protocol has are shown.
        const auto protocol = make_protocol_handler(params);
        const auto& agents = protocol->agent_names();
        std::string agent_list;
        for (const auto& agent : agents) {
            agent_list += (agent_list.empty() ? "" : ", ") + agent;
        }
        const auto shown = [&agents](const std::string& path) {
            if (path.rfind("agents.", 0) != 0) {
                return true;
            }
            const auto agent = path.substr(7, path.find('.', 7) - 7);
            return std::find(agents.begin(), agents.end(), agent) != agents.end();
        };

        std::map<std::string, std::string> own;
        flatten(parse_json_text(info.default_hyper_params_json, "plugin defaults").as_object(), "",
                own);
        std::map<std::string, std::string> all;
        flatten(params.document(), "", all);

        std::cout << info.name << " " << info.version << ": " << info.summary << "\n"
                  << "  file:         " << info.file << "\n"
                  << "  trainer type: " << trainer_type_name(info.trainer_type) << "\n"
                  << "  SDK ABI:      " << info.abi_major << "." << info.abi_minor << "\n\n"
                  << "  protocol:     " << protocol->name() << " (agents: " << agent_list
                  << "; another with --set interaction_protocol=NAME)\n\n"
                  << "Hyper-parameters and "
                  << (config || !overrides.empty() ? "values" : "defaults")
                  << " (set with --set KEY=VALUE or --config FILE):\n";
        const auto rules = params.rules_in_words();
        for (const auto& [path, value] : all) {
            if (!shown(path)) {
                continue;
            }
            std::cout << "  " << (own.count(path) ? "[plugin] " : "[core]   ") << path << " = "
                      << value;
            if (const auto rule = rules.find(path); rule != rules.end()) {
                std::cout << "   (" << rule->second << ")";
            }
            std::cout << "\n";
        }
        return ExitCode::ok;
    } catch (const Error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return e.code();
    }
}

} // namespace nip::core
