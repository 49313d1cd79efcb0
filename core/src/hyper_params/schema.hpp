// Value rules beyond types (ranges, choices, relations between keys), read from a schema
// object that maps key paths to rules; see HyperParamsDocument's constructor.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace nip::core::hyper_params_detail {

struct KeyRule {
    std::string path;
    std::optional<boost::json::value> min;
    std::optional<boost::json::value> max;
    bool exclusive_min = false;
    bool exclusive_max = false;
    std::optional<boost::json::array> choices;
    bool nullable = false;
    std::optional<std::string> at_most_key;
};

struct RuleFailure {
    std::string message;            // "'seed' must be >= 0, found -1"
    std::vector<std::string> paths; // the keys whose values broke the rule
};

// Throws std::logic_error for a malformed schema: it is written by developers, not users.
std::vector<KeyRule> parse_schema(const boost::json::object& schema,
                                  const boost::json::object& defaults);
std::optional<RuleFailure> check_rule(const KeyRule& rule, const boost::json::object& document);

} // namespace nip::core::hyper_params_detail
