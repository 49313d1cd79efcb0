// Core's hyper-parameters: the keys every run has, whichever trainer runs it.
#include "nip/core/hyper_params.hpp"

#include <boost/json.hpp>

namespace nip::core {

namespace {

// force_guess: null leaves the verifier's decision to the verifier; "zero", "one" or "y"
// (the true label) override it, which isolates the provers' learning in experiments.
constexpr const char* core_defaults_json = R"json(
{
    "seed": 6198,
    "scenario": "graph_isomorphism",
    "interaction_protocol": "nip",
    "protocol": {
        "max_message_rounds": 8,
        "min_message_rounds": 1,
        "verifier_first": true,
        "verifier_reward": 1.0,
        "verifier_incorrect_penalty": -1.0,
        "verifier_terminated_penalty": -1.0,
        "verifier_no_guess_reward": 0.0,
        "prover_reward": 1.0,
        "shared_reward": false,
        "force_guess": null
    }
}
)json";

constexpr const char* core_schema_json = R"json(
{
    "seed": {"min": 0},
    "scenario": {"choices": ["graph_isomorphism"]},
    "interaction_protocol": {"choices": ["nip"]},
    "protocol.max_message_rounds": {"min": 1},
    "protocol.min_message_rounds": {"min": 0, "at_most_key": "protocol.max_message_rounds"},
    "protocol.force_guess": {"nullable": true, "choices": ["zero", "one", "y"]}
}
)json";

} // namespace

boost::json::object core_default_hyper_params() {
    return boost::json::parse(core_defaults_json).as_object();
}

boost::json::object core_hyper_params_schema() {
    return boost::json::parse(core_schema_json).as_object();
}

} // namespace nip::core
