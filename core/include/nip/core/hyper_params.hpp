// The experiment's hyper-parameters: one JSON document built from defaults (core's and
// the plugin's), then a config file, then `--set` overrides, then validated.
//
// The defaults fix each key's type, so a config cannot add keys or change types; every
// refusal is one line naming the key path, the source, what was expected and what was
// found. Sources are labels such as "config exp.json", "--set rl.lr=0.1" or "defaults".
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "nip/sdk/hyper_params.hpp"

namespace nip::core {

class HyperParamsDocument final : public sdk::HyperParams {
public:
    // `schema` maps dotted key paths to rules checked by validate():
    //   {"min": n, "max": n, "exclusive_min": bool, "exclusive_max": bool,
    //    "choices": [...], "nullable": bool, "at_most_key": "other.key.path"}
    // min/max apply to a number or to each element of a list of numbers; "nullable" lets
    // null pass the other rules; "at_most_key" requires value <= the other key's value.
    // A schema naming a key without a default, or an unknown rule, is a std::logic_error.
    HyperParamsDocument(boost::json::object defaults, boost::json::object schema);

    // Merges two default documents; groups (objects) defined by both are merged, any other
    // key path defined by both is a UsageError naming the path and both sources.
    static boost::json::object merge_defaults(const boost::json::object& core,
                                              const std::string& core_source,
                                              const boost::json::object& plugin,
                                              const std::string& plugin_source);

    // A JSON object holding any subset of the keys, nested as in the defaults. Source
    // label: "config <path>". A missing file is a UsageError, an unreadable one an IoError.
    void apply_config_file(const std::filesystem::path& path);
    // Applies all of `config` or, on the first error, none of it.
    void apply_config(const boost::json::object& config, const std::string& source);
    // "a.b.c=value": JSON typed by the default (raw text for a string default).
    void apply_override(const std::string& assignment);

    // Whether a config or --set gave `path` its value (not the defaults).
    bool was_set(const std::string& path) const;
    // Sets a value the run derives from others (e.g. the rounds a protocol fixes), with
    // `source` as its origin in error messages. `path` must have a default.
    void set_derived(const std::string& path, boost::json::value value, const std::string& source);
    std::string origin_of(const std::string& path) const;

    // Checks every schema rule; throws UsageError for the first failure, naming the source
    // that set the offending value.
    void validate() const;

    const boost::json::object& document() const { return document_; }

    // The schema's rule for each key that has one, in words: "> 0", ">= 1, <= 8",
    // "one of \"clip\", \"kl_penalty\"", "<= rl.frames_per_batch", "... or null".
    std::map<std::string, std::string> rules_in_words() const;

    // One line per difference, sorted by key path: "rl.lr: 0.003 -> 0.001", "x.y: added",
    // "x.y: removed". Lists are compared whole; 1 and 1.0 are equal.
    static std::vector<std::string> differences(const boost::json::object& before,
                                                const boost::json::object& after);
    // Whether `document` holds at `path` the value `defaults` has there (1 and 1.0 equal).
    static bool holds_default(const boost::json::object& document,
                              const boost::json::object& defaults, const std::string& path);

    const boost::json::object& defaults() const { return defaults_; }

    // sdk::HyperParams. A missing path or a wrong type is a std::logic_error naming the
    // path: the document is validated, so this is a bug in the caller's defaults.
    bool has(const std::string& path) const override;
    std::int64_t get_int(const std::string& path) const override;
    double get_double(const std::string& path) const override;
    bool get_bool(const std::string& path) const override;
    std::string get_string(const std::string& path) const override;
    std::vector<double> get_double_list(const std::string& path) const override;
    std::string json(const std::string& path = "") const override;

private:
    void apply_object(boost::json::object& target, const boost::json::object& defaults,
                      const boost::json::object& config, const std::string& prefix,
                      const std::string& source, std::map<std::string, std::string>& origins);

    boost::json::object defaults_;
    boost::json::object schema_;
    boost::json::object document_;
    // Which source last set each leaf; absent means "defaults".
    std::map<std::string, std::string> origins_;
};

// Core's own defaults and their schema (see core_defaults.cpp).
boost::json::object core_default_hyper_params();
boost::json::object core_hyper_params_schema();

} // namespace nip::core
