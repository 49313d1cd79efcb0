#include "nip/core/hyper_params.hpp"

#include <optional>
#include <set>
#include <stdexcept>

#include <boost/json.hpp>

#include "key_paths.hpp"
#include "nip/core/durable_fs.hpp"
#include "nip/core/errors.hpp"
#include "nip/core/json_text.hpp"
#include "schema.hpp"
#include "value_types.hpp"

namespace nip::core {
namespace json = boost::json;
using namespace hyper_params_detail;

namespace {

constexpr const char* defaults_source = "defaults";

// A config key written as a dotted path would be ambiguous with nesting; say how to nest it.
std::string nested_form(const std::string& path) {
    std::string opening;
    std::string closing;
    std::size_t start = 0;
    for (std::size_t dot = path.find('.'); dot != std::string::npos; dot = path.find('.', start)) {
        opening += "{\"" + path.substr(start, dot - start) + "\": ";
        closing += "}";
        start = dot + 1;
    }
    return opening + "{\"" + path.substr(start) + "\": ...}" + closing;
}

// A string default takes the raw text (quotes optional); null also takes the word null.
std::optional<json::value> parse_override_value(const json::value& default_value,
                                                const std::string& text) {
    json::error_code error;
    json::value parsed = json::parse(text, error);
    if (default_value.is_string() || default_value.is_null()) {
        if (!error && (parsed.is_string() || (parsed.is_null() && default_value.is_null()))) {
            return parsed;
        }
        return json::value(json::string(text));
    }
    if (error) {
        return std::nullopt;
    }
    return parsed;
}

std::string first_leaf_path(const json::object& group, const std::string& prefix) {
    for (const json::key_value_pair& entry : group) {
        const std::string path = join_key_path(prefix, entry.key());
        if (!entry.value().is_object()) {
            return path;
        }
        if (std::string leaf = first_leaf_path(entry.value().get_object(), path); !leaf.empty()) {
            return leaf;
        }
    }
    return "";
}

} // namespace

HyperParamsDocument::HyperParamsDocument(json::object defaults, json::object schema)
    : defaults_(std::move(defaults)), schema_(std::move(schema)), document_(defaults_) {
    check_key_names(defaults_, defaults_source);
    parse_schema(schema_, defaults_); // refuse a malformed schema now, not at validate()
}

void HyperParamsDocument::apply_config_file(const std::filesystem::path& path) {
    const std::string source = "config " + path.string();
    if (!std::filesystem::exists(path)) {
        throw UsageError(source + ": no such file; check the --config path");
    }
    const json::value config = parse_json_text(read_file(path), source);
    if (!config.is_object()) {
        throw UsageError(source + ": expected a JSON object of hyper-parameters, found " +
                         describe_found(config));
    }
    apply_config(config.get_object(), source);
}

void HyperParamsDocument::apply_config(const json::object& config, const std::string& source) {
    json::object document = document_;
    std::map<std::string, std::string> origins = origins_;
    apply_object(document, defaults_, config, "", source, origins);
    document_ = std::move(document);
    origins_ = std::move(origins);
}

void HyperParamsDocument::apply_object(json::object& target, const json::object& defaults,
                                       const json::object& config, const std::string& prefix,
                                       const std::string& source,
                                       std::map<std::string, std::string>& origins) {
    for (const json::key_value_pair& entry : config) {
        const std::string path = join_key_path(prefix, entry.key());
        const json::value* default_value = defaults.if_contains(entry.key());
        if (default_value == nullptr) {
            if (entry.key().find('.') != json::string_view::npos &&
                find_at_path(defaults_, path) != nullptr) {
                throw UsageError(
                    source + ": key '" + path +
                    "' is written as a dotted path; nest it instead: " + nested_form(path));
            }
            throw UsageError(source + ": " + unknown_key_message(path, defaults_));
        }
        json::value candidate = entry.value();
        if (!conform_to_default(*default_value, candidate)) {
            throw UsageError(source + ": '" + path + "' must be " +
                             expected_type(*default_value, candidate) + ", found " +
                             describe_found(entry.value()));
        }
        if (!all_finite(candidate)) {
            throw UsageError(source + ": '" + path +
                             "' is not a finite number (a value such as 1e999 overflows a "
                             "double); give a finite value");
        }
        if (default_value->is_object()) {
            apply_object(target.at(entry.key()).as_object(), default_value->get_object(),
                         candidate.get_object(), path, source, origins);
        } else {
            target.at(entry.key()) = std::move(candidate);
            origins[path] = source;
        }
    }
}

void HyperParamsDocument::apply_override(const std::string& assignment) {
    const std::string source = "--set " + assignment;
    const std::size_t equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0) {
        throw UsageError(source + ": expected KEY=VALUE with a dotted key path, e.g. --set "
                                  "protocol.max_message_rounds=8");
    }
    const std::string path = assignment.substr(0, equals);
    const std::string text = assignment.substr(equals + 1);
    const json::value* default_value = find_at_path(defaults_, path);
    if (default_value == nullptr) {
        throw UsageError(source + ": " + unknown_key_message(path, defaults_));
    }
    if (default_value->is_object()) {
        const std::string leaf = first_leaf_path(default_value->get_object(), path);
        throw UsageError(source + ": '" + path + "' is a group of settings; set its keys one " +
                         "at a time" + (leaf.empty() ? "" : ", e.g. --set " + leaf + "=..."));
    }
    std::optional<json::value> value = parse_override_value(*default_value, text);
    if (!value || !conform_to_default(*default_value, *value)) {
        throw UsageError(source + ": expected " +
                         expected_type(*default_value, value.value_or(json::value())) + " for '" +
                         path + "', found '" + text + "'");
    }
    if (!all_finite(*value)) {
        throw UsageError(source + ": '" + text + "' is not a finite number for '" + path +
                         "' (too large for a double); give a finite value");
    }
    *find_at_path(document_, path) = std::move(*value);
    origins_[path] = source;
}

bool HyperParamsDocument::was_set(const std::string& path) const {
    return origins_.count(path) != 0;
}

void HyperParamsDocument::set_derived(const std::string& path, json::value value,
                                      const std::string& source) {
    json::value* target = find_at_path(document_, path);
    if (target == nullptr) {
        throw std::logic_error("set_derived: no default for '" + path + "'");
    }
    *target = std::move(value);
    origins_[path] = source;
}

std::string HyperParamsDocument::origin_of(const std::string& path) const {
    const auto found = origins_.find(path);
    return found == origins_.end() ? defaults_source : found->second;
}

void HyperParamsDocument::validate() const {
    for (const KeyRule& rule : parse_schema(schema_, defaults_)) {
        if (std::optional<RuleFailure> failure = check_rule(rule, document_)) {
            std::string sources;
            std::set<std::string> named;
            for (const std::string& path : failure->paths) {
                if (named.insert(origin_of(path)).second) {
                    sources += (sources.empty() ? "" : " and ") + origin_of(path);
                }
            }
            throw UsageError(sources + ": " + failure->message);
        }
    }
}

std::map<std::string, std::string> HyperParamsDocument::rules_in_words() const {
    std::map<std::string, std::string> words;
    for (const KeyRule& rule : parse_schema(schema_, defaults_)) {
        std::vector<std::string> parts;
        if (rule.min) {
            parts.push_back((rule.exclusive_min ? "> " : ">= ") + json::serialize(*rule.min));
        }
        if (rule.max) {
            parts.push_back((rule.exclusive_max ? "< " : "<= ") + json::serialize(*rule.max));
        }
        if (rule.at_most_key) {
            parts.push_back("<= " + *rule.at_most_key);
        }
        if (rule.choices) {
            std::string choices;
            for (const auto& choice : *rule.choices) {
                choices += (choices.empty() ? "" : ", ") + json::serialize(choice);
            }
            parts.push_back("one of " + choices);
        }
        std::string text;
        for (const auto& part : parts) {
            text += (text.empty() ? "" : ", ") + part;
        }
        if (rule.nullable) {
            text += text.empty() ? "may be null" : " or null";
        }
        if (!text.empty()) {
            words[rule.path] = text;
        }
    }
    return words;
}

} // namespace nip::core
