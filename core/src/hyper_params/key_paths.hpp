// Dotted key paths ("protocol.max_message_rounds") over a JSON document, and the
// "did you mean" suggestion for a path that names no key.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

namespace nip::core::hyper_params_detail {

std::string join_key_path(const std::string& prefix, std::string_view key);
// The value at `path`, or nullptr when the path names no key (the empty path names none).
const boost::json::value* find_at_path(const boost::json::object& root, const std::string& path);
boost::json::value* find_at_path(boost::json::object& root, const std::string& path);
// Every key path in `root`, groups and leaves, in sorted order.
std::vector<std::string> all_key_paths(const boost::json::object& root);
// The known path the user most likely meant, if one is close enough to suggest.
std::optional<std::string> closest_key_path(const std::string& unknown,
                                            const boost::json::object& root);
// Refuses (UsageError) a key that is empty or holds a '.', which no path could name.
void check_key_names(const boost::json::object& root, const std::string& source);
// "unknown key 'x' (did you mean 'y'?)"
std::string unknown_key_message(const std::string& path, const boost::json::object& root);

} // namespace nip::core::hyper_params_detail
