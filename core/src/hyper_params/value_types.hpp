// A key's type is its default's type. These check a new value against a default, describe
// what a default accepts, and show a value found in an error message.
#pragma once

#include <string>

#include <boost/json/value.hpp>

namespace nip::core::hyper_params_detail {

// Whether `candidate` has the default's type; integers given for a number default are
// widened to doubles in place (the only conversion). For an object default this checks
// only that `candidate` is an object: the caller walks the keys.
bool conform_to_default(const boost::json::value& default_value, boost::json::value& candidate);
// What the default accepts, for "must be <this>": "an integer", "a list of numbers", ...
// `found` refines it where the type is right but the value is not ("an integer no larger
// than ...").
std::string expected_type(const boost::json::value& default_value, const boost::json::value& found);
// The value as compact JSON, shortened to keep the message on one readable line.
std::string describe_found(const boost::json::value& value);
// Whether every number in the value (a list's elements included) is finite: a text such as
// 1e999 parses as infinity, which no hyper-parameter means (and JSON cannot write back).
bool all_finite(const boost::json::value& value);
// JSON equality where 1 and 1.0 are equal.
bool json_equal(const boost::json::value& a, const boost::json::value& b);

} // namespace nip::core::hyper_params_detail
