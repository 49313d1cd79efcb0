// Core's hyper-parameters: the keys every run has, whichever trainer runs it.
#include "nip/core/hyper_params.hpp"

#include <boost/json.hpp>

namespace nip::core {

namespace {

// dataset: the graph-isomorphism pairs (REFERENCE.md); its own seed, so that runs with
// different seeds train on the same data. The test split uses dataset.seed + 1.
// protocol.min_message_rounds 2 (REFERENCE's nip default is 1; the original's GI experiment
// script, scripts/ppo_gi.py, uses 3): a decision counts from round 1 on, so every game has
// the verifier's question and the prover's answer. With 1 the verifier learns to decide in
// round 0, before the prover has spoken, and never learns to use it; 3 (with the script's
// verifier_no_guess_reward 0.05) learnt no faster here (README, "The default experiment").
// interaction_protocol: who plays and how (core/src/protocols/, one file each). The
// rounds keys configure nip, debate and mnip; adp, merlin_arthur and solo_verifier fix
// their own (2 rounds, decisions from round 0), which the run's document then records.
// protocol.debate.* and protocol.mnip.*: the original's debate_protocol and mnip_protocol
// turn options (sequential: prover0, prover1 and the verifier each in turn; prover0_first:
// which prover speaks first when sequential), with the original's defaults.
// force_guess: null leaves the verifier's decision to the verifier; "zero", "one" or "y"
// (the true label) override it, which isolates the provers' learning in experiments.
constexpr const char* core_defaults_json = R"json(
{
    "seed": 6198,
    "scenario": "graph_isomorphism",
    "interaction_protocol": "nip",
    "protocol": {
        "max_message_rounds": 8,
        "min_message_rounds": 2,
        "verifier_first": true,
        "verifier_reward": 1.0,
        "verifier_incorrect_penalty": -1.0,
        "verifier_terminated_penalty": -1.0,
        "verifier_no_guess_reward": 0.0,
        "prover_reward": 1.0,
        "shared_reward": false,
        "force_guess": null,
        "debate": {"sequential": false, "prover0_first": true},
        "mnip": {"sequential": false, "prover0_first": true}
    },
    "dataset": {
        "seed": 0,
        "train_size": 10000,
        "test_size": 1000,
        "min_nodes": 7,
        "max_nodes": 11,
        "edge_probabilities": [0.2, 0.4, 0.6, 0.8],
        "isomorphic_fraction": 0.5,
        "wl_score_1_fraction": 0.1,
        "wl_score_2_fraction": 0.2,
        "iso_from_non_iso_pool_fraction": 0.5
    }
}
)json";

constexpr const char* core_schema_json = R"json(
{
    "seed": {"min": 0},
    "scenario": {"choices": ["graph_isomorphism"]},
    "interaction_protocol": {"choices": ["nip", "adp", "debate", "mnip", "merlin_arthur", "solo_verifier"]},
    "protocol.max_message_rounds": {"min": 1},
    "protocol.min_message_rounds": {"min": 0, "at_most_key": "protocol.max_message_rounds"},
    "protocol.force_guess": {"nullable": true, "choices": ["zero", "one", "y"]},
    "dataset.seed": {"min": 0},
    "dataset.train_size": {"min": 2},
    "dataset.test_size": {"min": 2},
    "dataset.min_nodes": {"min": 4, "at_most_key": "dataset.max_nodes"},
    "dataset.max_nodes": {"max": 64},
    "dataset.isomorphic_fraction": {"min": 0, "max": 1},
    "dataset.wl_score_1_fraction": {"min": 0, "max": 1},
    "dataset.wl_score_2_fraction": {"min": 0, "max": 1},
    "dataset.iso_from_non_iso_pool_fraction": {"min": 0, "max": 1}
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
