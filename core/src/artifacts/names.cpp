#include "names.hpp"

#include <algorithm>
#include <charconv>

#include "nip/core/errors.hpp"
#include "nip/core/local_artifact_store.hpp"

namespace nip::core::artifacts {
namespace {

constexpr std::size_t max_name_length = 128;
// Enough digits for any version a store will reach, few enough that int64 cannot overflow.
constexpr std::size_t max_version_digits = 18;

bool is_alphanumeric(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

} // namespace

bool is_valid_name(std::string_view value) {
    if (value.empty() || value.size() > max_name_length || !is_alphanumeric(value.front())) {
        return false;
    }
    for (char c : value) {
        if (!is_alphanumeric(c) && c != '.' && c != '_' && c != '-') {
            return false;
        }
    }
    return true;
}

void validate_name(const std::string& value, std::string_view role) {
    if (!is_valid_name(value)) {
        throw UsageError("Invalid " + std::string(role) + " '" + value +
                         "': use 1 to 128 of A-Z a-z 0-9 . _ - starting with a letter or digit "
                         "(no '/', no '..', no leading '.')");
    }
}

std::optional<std::int64_t> parse_version_name(std::string_view text) {
    if (text.size() < 2 || text.size() > 1 + max_version_digits || text.front() != 'v') {
        return std::nullopt;
    }
    std::string_view digits = text.substr(1);
    // Only plain digits: from_chars alone would also take a sign ("v-1").
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        (digits.size() > 1 && digits.front() == '0')) {
        return std::nullopt;
    }
    std::int64_t version = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
    if (error != std::errc() || end != digits.data() + digits.size()) {
        return std::nullopt;
    }
    return version;
}

std::string version_name(std::int64_t version) {
    return "v" + std::to_string(version);
}

std::optional<std::int64_t> parse_version_spec(const std::string& spec,
                                               const std::string& artifact) {
    if (spec == "latest") {
        return std::nullopt;
    }
    if (auto version = parse_version_name(spec)) {
        return version;
    }
    throw UsageError("Invalid version '" + spec + "' of artifact '" + artifact +
                     "': use 'latest' or v<N> such as v0, v12");
}

} // namespace nip::core::artifacts

namespace nip::core {

void validate_artifact_name(const std::string& name) {
    artifacts::validate_name(name, "artifact or file name");
}

} // namespace nip::core
