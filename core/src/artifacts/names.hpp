// Names and version specs of the artifact store: what is accepted and how it is spelt on disk.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nip::core::artifacts {

bool is_valid_name(std::string_view value);
// Throws UsageError if `value` is not [A-Za-z0-9][A-Za-z0-9._-]{0,127}; `role` says what the
// value is ("artifact name", "file name", ...) so the message points at the right input.
void validate_name(const std::string& value, std::string_view role);

// "v<N>" (N without leading zeros) -> N; anything else -> nullopt. Directory names and version
// specs share this spelling, so "v01" is never confused with "v1".
std::optional<std::int64_t> parse_version_name(std::string_view text);
std::string version_name(std::int64_t version);

// A version spec is "latest" (nullopt) or "v<N>"; anything else is a UsageError.
std::optional<std::int64_t> parse_version_spec(const std::string& spec,
                                               const std::string& artifact);

} // namespace nip::core::artifacts
