// JSON text in and out, shared across core.
//
// Output is canonical (object keys sorted, doubles always written so that they read back
// as doubles) so that saved documents diff cleanly and compare byte for byte.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/value.hpp>

namespace nip::core {

// Object keys sorted recursively. `indent`: two spaces per level and a trailing newline
// (for files people read); otherwise compact on one line (for messages and digests).
std::string to_sorted_json(const boost::json::value& v, bool indent);

// Parses standard JSON (no comments, no trailing commas). `where` names the text's origin
// in the error: UsageError "<where>: not valid JSON at line L, column C: <reason>".
boost::json::value parse_json_text(std::string_view text, const std::string& where);

} // namespace nip::core
