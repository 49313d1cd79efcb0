#include <map>
#include <stdexcept>

#include <boost/json.hpp>
#include <torch/serialize.h>
#include <torch/torch.h>

#include "gi_params.hpp"
#include "nip/core/durable_fs.hpp"
#include "nip/core/errors.hpp"
#include "nip/core/scenarios/graph_isomorphism/dataset.hpp"
#include "nip/core/sha256.hpp"

namespace nip::core {
namespace fs = std::filesystem;
namespace json = boost::json;
namespace {

constexpr const char* manifest_file = "manifest.json";
constexpr const char* params_file = "params.json";
constexpr const char* report_file = "report.json";
constexpr const char* tensors_file = "tensors.pt";

// A cache directory that cannot be used as it is; it is regenerated, never trusted.
struct DamagedCache : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string report_to_json(const GiGenerationReport& report) {
    json::object by_score;
    for (const auto& [score, count] : report.non_isomorphic_by_wl_score) {
        by_score[std::to_string(score)] = count;
    }
    return json::serialize(
        json::object{{"non_isomorphic_by_wl_score", std::move(by_score)},
                     {"pairs_outside_target_bucket", report.pairs_outside_target_bucket},
                     {"requested_wl_score_1", report.requested_wl_score_1},
                     {"requested_wl_score_2", report.requested_wl_score_2},
                     {"requested_wl_score_3_or_more", report.requested_wl_score_3_or_more}});
}

GiGenerationReport report_from_json(const std::string& text) {
    const json::object object = json::parse(text).as_object();
    GiGenerationReport report;
    for (const auto& [score, count] : object.at("non_isomorphic_by_wl_score").as_object()) {
        report.non_isomorphic_by_wl_score[std::stoi(std::string(score))] =
            count.to_number<std::int64_t>();
    }
    report.pairs_outside_target_bucket =
        object.at("pairs_outside_target_bucket").to_number<std::int64_t>();
    report.requested_wl_score_1 = object.at("requested_wl_score_1").to_number<std::int64_t>();
    report.requested_wl_score_2 = object.at("requested_wl_score_2").to_number<std::int64_t>();
    report.requested_wl_score_3_or_more =
        object.at("requested_wl_score_3_or_more").to_number<std::int64_t>();
    return report;
}

std::string tensors_to_bytes(const GiDataset& data) {
    c10::Dict<std::string, at::Tensor> tensors;
    tensors.insert("adjacency", data.adjacency);
    tensors.insert("node_mask", data.node_mask);
    tensors.insert("label", data.label);
    tensors.insert("wl_score", data.wl_score);
    tensors.insert("seed", data.seed);
    const std::vector<char> bytes = torch::pickle_save(c10::IValue(tensors));
    return std::string(bytes.begin(), bytes.end());
}

at::Tensor checked_tensor(const c10::Dict<c10::IValue, c10::IValue>& tensors, const char* name,
                          at::ScalarType dtype, std::vector<std::int64_t> shape) {
    const auto found = tensors.find(c10::IValue(std::string(name)));
    if (found == tensors.end() || !found->value().isTensor()) {
        throw DamagedCache(std::string(tensors_file) + " holds no tensor '" + name + "'");
    }
    at::Tensor tensor = found->value().toTensor();
    if (tensor.scalar_type() != dtype || tensor.sizes() != at::IntArrayRef(shape)) {
        throw DamagedCache(std::string(tensors_file) + ": tensor '" + name +
                           "' has an unexpected type or shape");
    }
    return tensor;
}

GiDataset tensors_from_bytes(const std::string& bytes, const GiDatasetParams& params) {
    const auto tensors =
        torch::pickle_load(std::vector<char>(bytes.begin(), bytes.end())).toGenericDict();
    const std::int64_t p = params.num_pairs, n = params.max_nodes;
    GiDataset data;
    data.adjacency = checked_tensor(tensors, "adjacency", at::kBool, {p, 2, n, n});
    data.node_mask = checked_tensor(tensors, "node_mask", at::kBool, {p, 2, n});
    data.label = checked_tensor(tensors, "label", at::kLong, {p});
    data.wl_score = checked_tensor(tensors, "wl_score", at::kLong, {p});
    data.seed = checked_tensor(tensors, "seed", at::kLong, {p});
    return data;
}

// The files named by the manifest, each checked against its size and SHA-256.
std::map<std::string, std::string> read_verified_files(const fs::path& directory) {
    const fs::path manifest_path = directory / manifest_file;
    if (!fs::exists(manifest_path)) {
        throw DamagedCache("no " + std::string(manifest_file) + " (an interrupted write)");
    }
    const json::value manifest = json::parse(read_file(manifest_path));
    std::map<std::string, std::string> files;
    for (const auto& entry : manifest.at("files").as_array()) {
        const auto& file = entry.as_object();
        const std::string name(file.at("name").as_string());
        const fs::path path = directory / name;
        if (name.find('/') != std::string::npos || !fs::exists(path)) {
            throw DamagedCache("file '" + name + "' named by the manifest is missing");
        }
        std::string bytes = read_file(path);
        if (bytes.size() != file.at("size").to_number<std::uint64_t>() ||
            sha256_hex(bytes) != file.at("sha256").as_string()) {
            throw DamagedCache("file '" + name + "' does not match its size or SHA-256");
        }
        files.emplace(name, std::move(bytes));
    }
    for (const char* required : {params_file, report_file, tensors_file}) {
        if (files.count(required) == 0) {
            throw DamagedCache("the manifest does not list " + std::string(required));
        }
    }
    return files;
}

GiDataset read_cache(const fs::path& directory, const GiDatasetParams& params,
                     const std::string& canonical_params) {
    try {
        auto files = read_verified_files(directory);
        if (files.at(params_file) != canonical_params) {
            throw DamagedCache("it was made for other parameters: " + files.at(params_file));
        }
        GiDataset data = tensors_from_bytes(files.at(tensors_file), params);
        data.report = report_from_json(files.at(report_file));
        return data;
    } catch (const DamagedCache&) {
        throw;
    } catch (const std::exception& e) {
        throw DamagedCache(std::string("unreadable (") + e.what() + ")");
    }
}

// Files first, each fsynced; the manifest last, so a directory with a manifest is whole.
void write_cache_files(const fs::path& directory, const std::string& canonical_params,
                       const GiDataset& data) {
    const std::map<std::string, std::string> files = {{params_file, canonical_params},
                                                      {report_file, report_to_json(data.report)},
                                                      {tensors_file, tensors_to_bytes(data)}};
    json::array listed;
    for (const auto& [name, bytes] : files) {
        write_file_synced(directory / name, bytes);
        listed.push_back(
            json::object{{"name", name}, {"sha256", sha256_hex(bytes)}, {"size", bytes.size()}});
    }
    write_file_synced(directory / manifest_file,
                      json::serialize(json::object{{"files", std::move(listed)}}));
    fsync_path(directory);
}

void write_cache(const fs::path& directory, const std::string& canonical_params,
                 const GiDataset& data) {
    fs::path staging = directory;
    staging += ".partial";
    try {
        fs::remove_all(staging);
        fs::create_directory(staging);
        write_cache_files(staging, canonical_params, data);
        // A damaged directory may stand in the way; the lock keeps other writers out.
        fs::remove_all(directory);
    } catch (const fs::filesystem_error& e) {
        throw IoError("Cannot write the graph-isomorphism cache '" + staging.string() +
                      "': " + e.code().message() +
                      "; check the cache directory's space and "
                      "permissions");
    }
    rename_synced(staging, directory);
}

} // namespace

CachedDataset load_or_generate_gi_dataset(const GiDatasetParams& params,
                                          const fs::path& cache_dir) {
    gi::validate_params(params);
    const std::string canonical_params = gi_params_canonical_json(params);
    CachedDataset result;
    result.directory = cache_dir / ("gi-" + sha256_hex(canonical_params).substr(0, 16));
    try {
        fs::create_directories(cache_dir);
    } catch (const fs::filesystem_error& e) {
        throw IoError("Cannot create the graph-isomorphism cache directory '" + cache_dir.string() +
                      "': " + e.code().message());
    }
    fs::path lock_path = result.directory;
    lock_path += ".lock";
    FileLock lock(lock_path);
    if (fs::exists(result.directory)) {
        try {
            result.data = read_cache(result.directory, params, canonical_params);
            return result;
        } catch (const DamagedCache& e) {
            result.cache_problem =
                "cache '" + result.directory.string() + "' not used: " + e.what() + "; regenerated";
        }
    }
    result.data = generate_gi_dataset(params);
    result.generated = true;
    write_cache(result.directory, canonical_params, result.data);
    return result;
}

} // namespace nip::core
