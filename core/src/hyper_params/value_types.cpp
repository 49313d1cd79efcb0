#include "value_types.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

#include <boost/json.hpp>

#include "nip/core/json_text.hpp"

namespace nip::core::hyper_params_detail {
namespace json = boost::json;

namespace {

constexpr auto max_int64 = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

bool is_integer(const json::value& v) {
    return v.is_int64() || (v.is_uint64() && v.get_uint64() <= max_int64);
}

// The type all elements of a non-empty default list share, as a value of that type;
// nullopt when the elements are of mixed types and any element is accepted.
std::optional<json::value> element_prototype(const json::array& list) {
    if (list.empty()) {
        return std::nullopt;
    }
    const bool all_integers = std::all_of(list.begin(), list.end(), is_integer);
    const bool all_numbers =
        std::all_of(list.begin(), list.end(), [](const json::value& v) { return v.is_number(); });
    if (all_integers) {
        return json::value(std::int64_t{0});
    }
    if (all_numbers) {
        return json::value(0.0);
    }
    const bool same_kind = std::all_of(list.begin(), list.end(), [&](const json::value& v) {
        return v.kind() == list.front().kind();
    });
    return same_kind ? std::optional<json::value>(list.front()) : std::nullopt;
}

std::string plural_of_type(const json::value& prototype) {
    switch (prototype.kind()) {
    case json::kind::int64:
    case json::kind::uint64:
        return "integers";
    case json::kind::double_:
        return "numbers";
    case json::kind::bool_:
        return "true/false values";
    case json::kind::string:
        return "strings";
    case json::kind::array:
        return "lists";
    case json::kind::object:
        return "objects";
    case json::kind::null:
        return "strings or nulls";
    }
    return "values";
}

} // namespace

bool conform_to_default(const json::value& default_value, json::value& candidate) {
    switch (default_value.kind()) {
    case json::kind::int64:
    case json::kind::uint64:
        return is_integer(candidate);
    case json::kind::double_:
        if (candidate.is_number()) {
            candidate = candidate.to_number<double>();
            return true;
        }
        return false;
    case json::kind::bool_:
        return candidate.is_bool();
    case json::kind::string:
        return candidate.is_string();
    case json::kind::null:
        return candidate.is_string() || candidate.is_null();
    case json::kind::object:
        return candidate.is_object();
    case json::kind::array: {
        if (!candidate.is_array()) {
            return false;
        }
        const std::optional<json::value> prototype = element_prototype(default_value.get_array());
        if (!prototype) {
            return true;
        }
        // Converting into a copy keeps `candidate` untouched when an element is refused.
        json::array conformed = candidate.get_array();
        for (json::value& element : conformed) {
            if (!conform_to_default(*prototype, element)) {
                return false;
            }
        }
        candidate = std::move(conformed);
        return true;
    }
    }
    return false;
}

bool all_finite(const json::value& value) {
    if (value.is_double()) {
        return std::isfinite(value.get_double());
    }
    if (value.is_array()) {
        return std::all_of(value.get_array().begin(), value.get_array().end(),
                           [](const json::value& element) { return all_finite(element); });
    }
    return true;
}

std::string expected_type(const json::value& default_value, const json::value& found) {
    switch (default_value.kind()) {
    case json::kind::int64:
    case json::kind::uint64:
        if (found.is_uint64()) {
            return "an integer no larger than " + std::to_string(max_int64);
        }
        return "an integer";
    case json::kind::double_:
        return "a number";
    case json::kind::bool_:
        return "true or false";
    case json::kind::string:
        return "a string";
    case json::kind::null:
        return "a string or null";
    case json::kind::object:
        return "an object (a group of settings)";
    case json::kind::array: {
        const std::optional<json::value> prototype = element_prototype(default_value.get_array());
        return prototype ? "a list of " + plural_of_type(*prototype) : "a list";
    }
    }
    return "a value";
}

std::string describe_found(const json::value& value) {
    constexpr std::size_t max_length = 60;
    std::string text = to_sorted_json(value, false);
    if (text.size() > max_length) {
        text.resize(max_length - 3);
        text += "...";
    }
    return text;
}

bool json_equal(const json::value& a, const json::value& b) {
    if (a.is_number() && b.is_number()) {
        if (a.is_double() || b.is_double()) {
            return a.to_number<double>() == b.to_number<double>();
        }
        return a == b;
    }
    if (a.is_array() && b.is_array()) {
        const json::array& left = a.get_array();
        const json::array& right = b.get_array();
        return left.size() == right.size() &&
               std::equal(left.begin(), left.end(), right.begin(), json_equal);
    }
    if (a.is_object() && b.is_object()) {
        const json::object& left = a.get_object();
        const json::object& right = b.get_object();
        return left.size() == right.size() &&
               std::all_of(left.begin(), left.end(), [&](const json::key_value_pair& entry) {
                   const json::value* other = right.if_contains(entry.key());
                   return other != nullptr && json_equal(entry.value(), *other);
               });
    }
    return a == b;
}

} // namespace nip::core::hyper_params_detail
