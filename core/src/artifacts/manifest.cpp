#include "manifest.hpp"

#include <type_traits>

#include <boost/json.hpp>

#include "names.hpp"
#include "nip/core/errors.hpp"

namespace nip::core::artifacts {
namespace json = boost::json;
namespace {

[[noreturn]] void damaged(const std::filesystem::path& path, const std::string& problem) {
    throw DamagedStoreError("Artifact store is damaged: manifest '" + path.string() + "' " +
                            problem +
                            "; restore it from a backup or remove that version's directory");
}

const json::value& field(const json::object& object, std::string_view key,
                         const std::filesystem::path& path) {
    const json::value* value = object.if_contains(key);
    if (value == nullptr) {
        damaged(path, "has no '" + std::string(key) + "'");
    }
    return *value;
}

std::string string_field(const json::object& object, std::string_view key,
                         const std::filesystem::path& path) {
    const json::value& value = field(object, key, path);
    if (!value.is_string()) {
        damaged(path, "has a non-string '" + std::string(key) + "'");
    }
    return std::string(value.get_string());
}

template <typename Integer>
Integer integer_field(const json::object& object, std::string_view key,
                      const std::filesystem::path& path) {
    const json::value& value = field(object, key, path);
    boost::system::error_code error;
    Integer number = value.is_number() ? value.to_number<Integer>(error) : Integer{};
    bool negative = false;
    if constexpr (std::is_signed_v<Integer>) {
        negative = number < 0;
    }
    if (!value.is_number() || error || negative) {
        damaged(path, "has an invalid '" + std::string(key) + "'");
    }
    return number;
}

// Names in a manifest come from disk, not from the user: report them as damage.
std::string checked_name(const json::object& object, std::string_view key,
                         const std::filesystem::path& path) {
    std::string name = string_field(object, key, path);
    try {
        validate_name(name, key);
    } catch (const UsageError&) {
        damaged(path, "has an invalid " + std::string(key) + " '" + name + "'");
    }
    return name;
}

} // namespace

std::string manifest_to_json(const sdk::ArtifactVersion& version, const std::string& created) {
    json::array files;
    for (const sdk::ArtifactFile& file : version.files) {
        json::object entry;
        entry["name"] = file.name;
        entry["size"] = file.size;
        entry["sha256"] = file.sha256;
        files.push_back(std::move(entry));
    }
    // json::object keeps insertion order, which fixes the key order of the text.
    json::object document;
    document["name"] = version.name;
    document["type"] = version.type;
    document["version"] = version.version;
    document["created"] = created;
    document["files"] = std::move(files);
    return json::serialize(document) + "\n";
}

sdk::ArtifactVersion manifest_from_json(std::string_view text, const std::filesystem::path& path) {
    boost::system::error_code error;
    json::value document = json::parse(text, error);
    if (error) {
        damaged(path, "is not valid JSON (" + error.message() + ")");
    }
    if (!document.is_object()) {
        damaged(path, "is not a JSON object");
    }
    const json::object& object = document.get_object();
    sdk::ArtifactVersion version;
    version.name = checked_name(object, "name", path);
    version.type = checked_name(object, "type", path);
    version.version = integer_field<std::int64_t>(object, "version", path);
    const json::value& files = field(object, "files", path);
    if (!files.is_array()) {
        damaged(path, "has a non-array 'files'");
    }
    for (const json::value& entry : files.get_array()) {
        if (!entry.is_object()) {
            damaged(path, "has a file entry that is not an object");
        }
        const json::object& file_object = entry.get_object();
        sdk::ArtifactFile file;
        file.name = checked_name(file_object, "name", path);
        file.size = integer_field<std::uint64_t>(file_object, "size", path);
        file.sha256 = string_field(file_object, "sha256", path);
        if (!is_sha256_hex(file.sha256)) {
            damaged(path, "has an invalid sha256 for file '" + file.name + "'");
        }
        version.files.push_back(std::move(file));
    }
    return version;
}

bool is_sha256_hex(std::string_view text) {
    if (text.size() != 64) {
        return false;
    }
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

} // namespace nip::core::artifacts
