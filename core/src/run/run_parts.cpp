#include "run_parts.hpp"

#include <algorithm>
#include <sstream>

#include "nip/core/errors.hpp"
#include "nip/core/json_text.hpp"
#include "nip/core/protocols/protocol_factory.hpp"
#include "nip/core/scenarios/graph_isomorphism/agents.hpp"

namespace nip::core {
namespace json = boost::json;

namespace {

json::object parse_plugin_object(const std::string& text, const PluginInfo& plugin,
                                 const char* what) {
    const std::string where = std::string(what) + " of plugin '" + plugin.name + "'";
    auto value = parse_json_text(text, where);
    if (!value.is_object()) {
        throw PluginError(where + ": expected a JSON object");
    }
    return value.as_object();
}

} // namespace

HyperParamsDocument make_hyper_params(const PluginInfo& plugin) {
    // The agents' architecture is the scenario's, so its defaults come from there.
    auto core_defaults = core_default_hyper_params();
    core_defaults["agents"] =
        parse_json_text(gi_agent_default_hyper_params_json(), "the agents' defaults");
    auto defaults = HyperParamsDocument::merge_defaults(
        std::move(core_defaults), "core",
        parse_plugin_object(plugin.default_hyper_params_json, plugin, "defaults"),
        "plugin '" + plugin.name + "'");
    auto schema = core_hyper_params_schema();
    if (!plugin.hyper_params_schema_json.empty()) {
        for (const auto& [key, rule] :
             parse_plugin_object(plugin.hyper_params_schema_json, plugin, "schema")) {
            schema[key] = rule;
        }
    }
    return HyperParamsDocument(std::move(defaults), std::move(schema));
}

void apply_protocol_rounds(HyperParamsDocument& params) {
    const std::string protocol = params.get_string("interaction_protocol");
    const auto fixed = fixed_rounds(protocol);
    if (!fixed) {
        return;
    }
    const std::string source = "interaction_protocol=" + protocol;
    if (!params.was_set("protocol.max_message_rounds")) {
        params.set_derived("protocol.max_message_rounds", fixed->max, source);
    }
    if (!params.was_set("protocol.min_message_rounds")) {
        params.set_derived("protocol.min_message_rounds", fixed->min, source);
    }
}

std::vector<std::string> unused_agent_settings(const HyperParamsDocument& params,
                                               const std::vector<std::string>& protocol_agents) {
    std::vector<std::string> unused;
    const auto* agents = params.document().if_contains("agents");
    if (agents == nullptr || !agents->is_object()) {
        return unused;
    }
    for (const auto& [agent, section] : agents->get_object()) {
        const std::string name(agent);
        if (!section.is_object() || std::find(protocol_agents.begin(), protocol_agents.end(),
                                              name) != protocol_agents.end()) {
            continue;
        }
        for (const auto& [key, value] : section.get_object()) {
            const std::string path = "agents." + name + "." + std::string(key);
            if (params.was_set(path)) {
                unused.push_back(path);
            }
        }
    }
    return unused;
}

RecordingMetrics::RecordingMetrics(std::optional<std::filesystem::path> file) {
    if (file) {
        file_ = std::make_unique<JsonlMetrics>(*file);
    }
}

void RecordingMetrics::log_scalars(std::int64_t iteration, const sdk::Scalars& scalars) {
    if (file_) {
        file_->log_scalars(iteration, scalars);
    }
    std::lock_guard lock(mutex_);
    for (const auto& [name, value] : scalars) {
        last_[name] = value;
    }
}

void RecordingMetrics::drop_from(std::int64_t iteration) {
    if (file_) {
        file_->drop_from(iteration);
    }
}

std::string RecordingMetrics::summary() const {
    std::lock_guard lock(mutex_);
    std::ostringstream text;
    text.precision(4);
    for (const auto& [name, value] : last_) {
        if (name.rfind("test_", 0) == 0) {
            text << (text.tellp() > 0 ? ", " : "") << name << "=" << value;
        }
    }
    return text.str();
}

} // namespace nip::core
