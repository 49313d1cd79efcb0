#include "schema.hpp"

#include <algorithm>
#include <stdexcept>

#include <boost/json.hpp>

#include "key_paths.hpp"
#include "nip/core/json_text.hpp"
#include "value_types.hpp"

namespace nip::core::hyper_params_detail {
namespace json = boost::json;

namespace {

[[noreturn]] void schema_bug(const std::string& path, const std::string& what) {
    throw std::logic_error("hyper-parameter schema for '" + path + "': " + what);
}

bool is_numeric_key(const json::value& default_value) {
    if (default_value.is_number()) {
        return true;
    }
    const json::array* list = default_value.if_array();
    return list != nullptr && std::all_of(list->begin(), list->end(),
                                          [](const json::value& v) { return v.is_number(); });
}

KeyRule parse_rule(const std::string& path, const json::value& rule_value,
                   const json::object& defaults) {
    const json::value* default_value = find_at_path(defaults, path);
    if (default_value == nullptr) {
        schema_bug(path, "no such key in the defaults");
    }
    if (!rule_value.is_object()) {
        schema_bug(path, "expected an object of rules, found " + describe_found(rule_value));
    }
    KeyRule rule;
    rule.path = path;
    for (const json::key_value_pair& entry : rule_value.get_object()) {
        const std::string name = entry.key();
        const json::value& value = entry.value();
        const auto expect = [&](bool ok, const char* what) {
            if (!ok) {
                schema_bug(path,
                           "'" + name + "' must be " + what + ", found " + describe_found(value));
            }
        };
        if (name == "min" || name == "max") {
            expect(value.is_number(), "a number");
            expect(is_numeric_key(*default_value), "used only on numbers or lists of numbers");
            (name == "min" ? rule.min : rule.max) = value;
        } else if (name == "exclusive_min") {
            expect(value.is_bool(), "true or false");
            rule.exclusive_min = value.get_bool();
        } else if (name == "exclusive_max") {
            expect(value.is_bool(), "true or false");
            rule.exclusive_max = value.get_bool();
        } else if (name == "nullable") {
            expect(value.is_bool(), "true or false");
            rule.nullable = value.get_bool();
        } else if (name == "choices") {
            expect(value.is_array() && !value.get_array().empty(), "a non-empty list");
            rule.choices = value.get_array();
        } else if (name == "at_most_key") {
            expect(value.is_string() && find_at_path(defaults, std::string(value.get_string())),
                   "the path of another key");
            rule.at_most_key = std::string(value.get_string());
        } else {
            schema_bug(path, "unknown rule '" + name + "'");
        }
    }
    return rule;
}

std::string range_text(const KeyRule& rule) {
    const auto bound = [](const json::value& v) { return to_sorted_json(v, false); };
    if (rule.min && rule.max) {
        return std::string("in the range ") + (rule.exclusive_min ? "(" : "[") + bound(*rule.min) +
               ", " + bound(*rule.max) + (rule.exclusive_max ? ")" : "]");
    }
    if (rule.min) {
        return (rule.exclusive_min ? "> " : ">= ") + bound(*rule.min);
    }
    return (rule.exclusive_max ? "< " : "<= ") + bound(*rule.max);
}

bool in_range(const KeyRule& rule, const json::value& value) {
    if (!value.is_number()) {
        return false;
    }
    const double number = value.to_number<double>();
    if (rule.min) {
        const double min = rule.min->to_number<double>();
        if (rule.exclusive_min ? !(number > min) : !(number >= min)) {
            return false;
        }
    }
    if (rule.max) {
        const double max = rule.max->to_number<double>();
        if (rule.exclusive_max ? !(number < max) : !(number <= max)) {
            return false;
        }
    }
    return true;
}

std::string choices_text(const KeyRule& rule) {
    std::string text;
    for (std::size_t i = 0; i < rule.choices->size(); ++i) {
        text += (i == 0 ? "" : ", ") + to_sorted_json((*rule.choices)[i], false);
    }
    return rule.nullable ? text + " or null" : text;
}

std::optional<RuleFailure> check_range(const KeyRule& rule, const json::value& value) {
    if (!rule.min && !rule.max) {
        return std::nullopt;
    }
    const std::string quoted_path = "'" + rule.path + "'";
    if (const json::array* list = value.if_array()) {
        for (std::size_t i = 0; i < list->size(); ++i) {
            if (!in_range(rule, (*list)[i])) {
                return RuleFailure{quoted_path + " element " + std::to_string(i) + " must be " +
                                       range_text(rule) + ", found " + describe_found((*list)[i]),
                                   {rule.path}};
            }
        }
        return std::nullopt;
    }
    if (!in_range(rule, value)) {
        return RuleFailure{quoted_path + " must be " + range_text(rule) + ", found " +
                               describe_found(value),
                           {rule.path}};
    }
    return std::nullopt;
}

std::optional<RuleFailure> check_at_most_key(const KeyRule& rule, const json::value& value,
                                             const json::object& document) {
    const json::value& limit = *find_at_path(document, *rule.at_most_key);
    if (!value.is_number() || !limit.is_number() ||
        value.to_number<double>() <= limit.to_number<double>()) {
        return std::nullopt;
    }
    return RuleFailure{"'" + rule.path + "' (" + describe_found(value) + ") must be <= '" +
                           *rule.at_most_key + "' (" + describe_found(limit) + ")",
                       {rule.path, *rule.at_most_key}};
}

} // namespace

std::vector<KeyRule> parse_schema(const json::object& schema, const json::object& defaults) {
    std::vector<KeyRule> rules;
    for (const json::key_value_pair& entry : schema) {
        rules.push_back(parse_rule(entry.key(), entry.value(), defaults));
    }
    std::sort(rules.begin(), rules.end(),
              [](const KeyRule& a, const KeyRule& b) { return a.path < b.path; });
    return rules;
}

std::optional<RuleFailure> check_rule(const KeyRule& rule, const json::object& document) {
    const json::value& value = *find_at_path(document, rule.path);
    if (value.is_null() && rule.nullable) {
        return std::nullopt;
    }
    if (rule.choices) {
        const bool allowed =
            std::any_of(rule.choices->begin(), rule.choices->end(),
                        [&](const json::value& c) { return json_equal(c, value); });
        if (!allowed) {
            return RuleFailure{"'" + rule.path + "' must be one of " + choices_text(rule) +
                                   ", found " + describe_found(value),
                               {rule.path}};
        }
    }
    if (std::optional<RuleFailure> failure = check_range(rule, value)) {
        return failure;
    }
    if (rule.at_most_key) {
        return check_at_most_key(rule, value, document);
    }
    return std::nullopt;
}

} // namespace nip::core::hyper_params_detail
