#include <cmath>

#include <boost/json.hpp>

#include "nip/core/errors.hpp"
#include "nip/core/scenarios/graph_isomorphism/agents.hpp"

namespace nip::core {
namespace {

void require(bool holds, const std::string& where, const std::string& key,
             const std::string& expected, const std::string& found) {
    if (!holds) {
        throw UsageError(where + "." + key + ": must be " + expected + ", got " + found +
                         "; fix it in the config or with --set " + where + "." + key + "=...");
    }
}

void require_at_least(std::int64_t value, std::int64_t minimum, const std::string& where,
                      const std::string& key) {
    require(value >= minimum, where, key, ">= " + std::to_string(minimum), std::to_string(value));
}

boost::json::object agent_defaults(std::int64_t num_gnn_layers) {
    const GiAgentParams defaults;
    // Keys inserted in sorted order (boost::json::object keeps insertion order).
    boost::json::object agent;
    agent["agent_lr_factor"] = defaults.agent_lr_factor;
    agent["d_gnn_hidden"] = defaults.d_gnn_hidden;
    agent["d_gnn_input"] = defaults.d_gnn_input;
    agent["d_head"] = defaults.d_head;
    agent["d_transformer"] = defaults.d_transformer;
    agent["d_transformer_ff"] = defaults.d_transformer_ff;
    agent["num_gnn_layers"] = num_gnn_layers;
    agent["num_heads"] = defaults.num_heads;
    agent["num_transformer_layers"] = defaults.num_transformer_layers;
    agent["shared_body"] = defaults.shared_body;
    return agent;
}

} // namespace

void validate_gi_agent_params(const GiAgentParams& params, const std::string& where) {
    require_at_least(params.num_gnn_layers, 0, where, "num_gnn_layers");
    require_at_least(params.d_gnn_input, 1, where, "d_gnn_input");
    require_at_least(params.d_gnn_hidden, 1, where, "d_gnn_hidden");
    require_at_least(params.d_transformer, 1, where, "d_transformer");
    require_at_least(params.num_transformer_layers, 0, where, "num_transformer_layers");
    require_at_least(params.num_heads, 1, where, "num_heads");
    require(params.d_transformer % params.num_heads == 0, where, "num_heads",
            "a divisor of d_transformer (" + std::to_string(params.d_transformer) + ")",
            std::to_string(params.num_heads));
    require_at_least(params.d_transformer_ff, 1, where, "d_transformer_ff");
    require_at_least(params.d_head, 1, where, "d_head");
    require(std::isfinite(params.agent_lr_factor) && params.agent_lr_factor >= 0.0, where,
            "agent_lr_factor", "a finite number >= 0", std::to_string(params.agent_lr_factor));
}

GiAgentParams gi_agent_params_from(const sdk::HyperParams& hyper_params,
                                   const std::string& agent_name) {
    const auto where = "agents." + agent_name;
    if (!hyper_params.has(where)) {
        throw UsageError("hyper-parameters: no section '" + where + "' for agent '" + agent_name +
                         "'; add one with the keys of 'agents.verifier'");
    }
    const auto key = [&where](const char* name) { return where + "." + name; };
    GiAgentParams params;
    params.num_gnn_layers = hyper_params.get_int(key("num_gnn_layers"));
    params.d_gnn_input = hyper_params.get_int(key("d_gnn_input"));
    params.d_gnn_hidden = hyper_params.get_int(key("d_gnn_hidden"));
    params.d_transformer = hyper_params.get_int(key("d_transformer"));
    params.num_transformer_layers = hyper_params.get_int(key("num_transformer_layers"));
    params.num_heads = hyper_params.get_int(key("num_heads"));
    params.d_transformer_ff = hyper_params.get_int(key("d_transformer_ff"));
    params.d_head = hyper_params.get_int(key("d_head"));
    params.shared_body = hyper_params.get_bool(key("shared_body"));
    params.agent_lr_factor = hyper_params.get_double(key("agent_lr_factor"));
    validate_gi_agent_params(params, where);
    return params;
}

std::string gi_agent_default_hyper_params_json() {
    // The GI experiments' weaker verifier (2 GNN layers) against 5-layer provers; one
    // section for every agent name a protocol uses (REFERENCE.md's table), so each can be
    // set on its own.
    boost::json::object agents;
    for (const char* prover : {"prover", "prover0", "prover1"}) {
        agents[prover] = agent_defaults(5);
    }
    agents["verifier"] = agent_defaults(2);
    return boost::json::serialize(agents);
}

} // namespace nip::core
