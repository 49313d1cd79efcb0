#include "checkpoint_files.hpp"

#include <cstdio>

#include "nip/core/durable_fs.hpp"
#include "nip/core/errors.hpp"
#include "nip/core/json_text.hpp"
#include "nip/core/local_checkpoint_store.hpp"
#include "nip/core/sha256.hpp"
#include "nip/core/state_codec.hpp"
#include "nip/core/time_text.hpp"

namespace nip::core {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace checkpoint_files {

std::string directory_name(std::int64_t iteration) {
    char name[32];
    std::snprintf(name, sizeof(name), "iter-%09lld", static_cast<long long>(iteration));
    return name;
}

bool is_checkpoint_name(const std::string& name) {
    return name.size() > 5 && name.rfind("iter-", 0) == 0 &&
           name.find_first_not_of("0123456789", 5) == std::string::npos;
}

json::object metadata_to_json(const sdk::Metadata& metadata) {
    return {
        {"package_name", metadata.package_name},     {"package_version", metadata.package_version},
        {"git_revision", metadata.git_revision},     {"plugin_name", metadata.plugin_name},
        {"plugin_version", metadata.plugin_version}, {"time", utc_now_iso()}};
}

sdk::Metadata metadata_from_json(const json::object& object) {
    auto text = [&](const char* key) {
        const auto* value = object.if_contains(key);
        return value != nullptr && value->is_string() ? std::string(value->as_string())
                                                      : std::string();
    };
    return {text("package_name"), text("package_version"), text("git_revision"),
            text("plugin_name"), text("plugin_version")};
}

void write_with_manifest(const fs::path& directory, std::int64_t iteration,
                         const std::map<std::string, std::string>& files) {
    json::array listed;
    for (const auto& [name, bytes] : files) {
        write_file_synced(directory / name, bytes);
        listed.push_back(
            json::object{{"name", name}, {"size", bytes.size()}, {"sha256", sha256_hex(bytes)}});
    }
    // Written last: a directory with a manifest has every file it names.
    json::object manifest{{"iteration", iteration}, {"files", std::move(listed)}};
    write_file_synced(directory / checkpoint_files::manifest, to_sorted_json(manifest, true));
    fsync_path(directory);
}

std::map<std::string, std::string> read_verified(const fs::path& directory,
                                                 const std::string& where) {
    const fs::path manifest_path = directory / checkpoint_files::manifest;
    if (!fs::exists(manifest_path)) {
        throw CheckpointError(where + ": no " + std::string(checkpoint_files::manifest) + " in '" +
                              directory.string() + "'; the checkpoint is incomplete or damaged");
    }
    std::map<std::string, std::string> contents;
    try {
        auto manifest = parse_json_text(read_file(manifest_path), where + " manifest");
        for (const auto& entry : manifest.at("files").as_array()) {
            const auto& file = entry.as_object();
            const std::string name(file.at("name").as_string());
            const auto size = file.at("size").to_number<std::uint64_t>();
            const std::string digest(file.at("sha256").as_string());
            const fs::path path = directory / name;
            if (!fs::exists(path)) {
                throw CheckpointError(where + ": file '" + name + "' is missing from '" +
                                      directory.string() + "'");
            }
            std::string bytes = read_file(path);
            if (bytes.size() != size) {
                throw CheckpointError(where + ": file '" + path.string() + "' has " +
                                      std::to_string(bytes.size()) + " bytes, its manifest says " +
                                      std::to_string(size) + " (truncated or edited)");
            }
            if (sha256_hex(bytes) != digest) {
                throw CheckpointError(where + ": file '" + path.string() +
                                      "' does not match the SHA-256 in its manifest (edited or "
                                      "damaged)");
            }
            contents.emplace(name, std::move(bytes));
        }
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw CheckpointError(where + ": unreadable manifest '" + manifest_path.string() + "' (" +
                              e.what() + ")");
    }
    for (const char* required : {metadata, state, hyper_params, tensors}) {
        if (contents.count(required) == 0) {
            throw CheckpointError(where + ": the manifest of '" + directory.string() +
                                  "' does not list " + required);
        }
    }
    return contents;
}

} // namespace checkpoint_files

sdk::State read_checkpoint_dir(const fs::path& directory, const std::string& where) {
    auto contents = checkpoint_files::read_verified(directory, where);
    const std::string& tensor_bytes = contents.at(checkpoint_files::tensors);
    return decode_state(contents.at(checkpoint_files::state),
                        std::vector<char>(tensor_bytes.begin(), tensor_bytes.end()), where);
}

CheckpointInfo read_checkpoint_info(const fs::path& directory, const std::string& where) {
    auto contents = checkpoint_files::read_verified(directory, where);
    CheckpointInfo info;
    info.directory = directory;
    auto metadata = parse_json_text(contents.at(checkpoint_files::metadata), where + " metadata");
    auto state = parse_json_text(contents.at(checkpoint_files::state), where + " state");
    info.metadata = checkpoint_files::metadata_from_json(metadata.as_object());
    info.iteration = state.as_object().at("iteration").to_number<std::int64_t>();
    info.hyper_params_json = contents.at(checkpoint_files::hyper_params);
    return info;
}

} // namespace nip::core
