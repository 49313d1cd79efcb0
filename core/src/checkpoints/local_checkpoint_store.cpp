#include "nip/core/local_checkpoint_store.hpp"

#include <algorithm>

#include <unistd.h>

#include "checkpoint_files.hpp"
#include "nip/core/durable_fs.hpp"
#include "nip/core/errors.hpp"
#include "nip/core/json_text.hpp"
#include "nip/core/state_codec.hpp"

namespace nip::core {
namespace fs = std::filesystem;
namespace files = checkpoint_files;

namespace {

std::vector<fs::path> complete_checkpoints(const fs::path& directory) {
    std::vector<fs::path> found;
    if (!fs::is_directory(directory)) {
        return found;
    }
    for (const auto& entry : fs::directory_iterator(directory)) {
        // Only a rename publishes an iter-* directory, so each one is complete unless
        // something outside this program damaged it (which reading detects).
        if (entry.is_directory() && files::is_checkpoint_name(entry.path().filename().string())) {
            found.push_back(entry.path());
        }
    }
    std::sort(found.begin(), found.end()); // zero-padded: lexical order is iteration order
    return found;
}

// Leftovers of saves or fetches that a crash interrupted; never read, safe to delete.
void remove_leftovers(const fs::path& directory) {
    if (!fs::is_directory(directory)) {
        return;
    }
    for (const auto& entry : fs::directory_iterator(directory)) {
        auto name = entry.path().filename().string();
        if (name.rfind(".tmp-", 0) == 0 || name.rfind(".trash-", 0) == 0) {
            fs::remove_all(entry.path());
        }
    }
}

std::string pid_suffix() {
    return std::to_string(::getpid());
}

} // namespace

LocalCheckpointStore::LocalCheckpointStore(fs::path run_dir, std::string run_id,
                                           std::string hyper_params_json,
                                           sdk::ArtifactStore* artifacts, sdk::Logger& logger,
                                           Options options)
    : run_dir_(std::move(run_dir)), run_id_(std::move(run_id)),
      hyper_params_json_(std::move(hyper_params_json)), artifacts_(artifacts), logger_(logger),
      options_(std::move(options)) {}

fs::path LocalCheckpointStore::checkpoints_dir() const {
    return run_dir_ / "checkpoints";
}

std::optional<fs::path> LocalCheckpointStore::latest_complete_dir() const {
    auto found = complete_checkpoints(checkpoints_dir());
    if (found.empty()) {
        return std::nullopt;
    }
    return found.back();
}

sdk::CheckpointPaths LocalCheckpointStore::paths() const {
    fs::path latest = latest_complete_dir().value_or(checkpoints_dir() / files::directory_name(0));
    return {run_dir_, latest / files::metadata, latest / files::state, latest / files::hyper_params,
            latest / files::tensors};
}

// A file-system failure (a file where a directory goes, a full disk) becomes an IoError,
// so that the host exits with 5 even when the save was called from inside a plugin.
std::vector<fs::path> LocalCheckpointStore::save(const sdk::State& state,
                                                 const sdk::Metadata& metadata) try {
    const fs::path directory = checkpoints_dir();
    fs::create_directories(directory);
    remove_leftovers(directory);

    EncodedState encoded = encode_state(state);
    std::map<std::string, std::string> contents{
        {files::metadata, to_sorted_json(files::metadata_to_json(metadata), true)},
        {files::state, std::move(encoded.state_json)},
        {files::hyper_params, hyper_params_json_},
        {files::tensors, std::string(encoded.tensors.begin(), encoded.tensors.end())},
    };

    const std::string name = files::directory_name(state.iteration);
    const fs::path staging = directory / (".tmp-" + name + "-" + pid_suffix());
    fs::create_directories(staging);
    files::write_with_manifest(staging, state.iteration, contents);

    const fs::path target = directory / name;
    std::optional<fs::path> replaced;
    if (fs::exists(target)) { // saving the same iteration again (e.g. the final save)
        replaced = directory / (".trash-" + name + "-" + pid_suffix());
        rename_synced(target, *replaced);
    }
    rename_synced(staging, target);
    if (replaced) {
        fs::remove_all(*replaced);
    }

    // Prune only now that the new checkpoint is durable.
    auto complete = complete_checkpoints(directory);
    if (complete.size() > options_.keep) {
        for (std::size_t i = 0; i + options_.keep < complete.size(); ++i) {
            fs::remove_all(complete[i]);
        }
        fsync_path(directory);
    }

    std::vector<fs::path> written;
    for (const auto& entry : contents) {
        written.push_back(target / entry.first);
    }
    written.push_back(target / files::manifest);
    return written;
} catch (const fs::filesystem_error& e) {
    throw IoError("Cannot write the checkpoint of iteration " + std::to_string(state.iteration) +
                  " under '" + checkpoints_dir().string() + "': " + e.what());
}

std::optional<CheckpointInfo> LocalCheckpointStore::latest_info() const {
    auto latest = latest_complete_dir();
    if (!latest) {
        return std::nullopt;
    }
    return read_checkpoint_info(*latest, "checkpoint " + latest->filename().string() + " of run '" +
                                             run_id_ + "'");
}

std::optional<sdk::State> LocalCheckpointStore::load_latest() {
    auto latest = latest_complete_dir();
    if (!latest && fetch_from_artifacts()) {
        latest = latest_complete_dir();
    }
    if (!latest) {
        return std::nullopt;
    }
    const std::string where =
        "checkpoint " + latest->filename().string() + " of run '" + run_id_ + "'";
    if (options_.check_compatible) {
        options_.check_compatible(read_checkpoint_info(*latest, where));
    }
    logger_.info("Loading " + where + " from '" + latest->string() + "'");
    auto state = read_checkpoint_dir(*latest, where);
    loaded_iteration_ = state.iteration;
    return state;
}

bool LocalCheckpointStore::fetch_from_artifacts() {
    if (artifacts_ == nullptr) {
        return false;
    }
    const std::string artifact = "state_" + run_id_;
    try {
        artifacts_->describe(artifact, "latest");
    } catch (const UsageError&) {
        return false; // the run has never logged its state
    }
    const fs::path directory = checkpoints_dir();
    fs::create_directories(directory);
    const fs::path staging = directory / (".tmp-fetch-" + pid_suffix());
    fs::remove_all(staging);
    artifacts_->fetch(artifact, "latest", staging);
    auto info = read_checkpoint_info(staging, "artifact " + artifact + ":latest");
    rename_synced(staging, directory / files::directory_name(info.iteration));
    logger_.info("No local checkpoint for run '" + run_id_ + "': fetched " + artifact +
                 ":latest (iteration " + std::to_string(info.iteration) + ")");
    return true;
}

sdk::State LocalCheckpointStore::load_base_run(const std::string& base_run,
                                               const std::string& version) {
    if (artifacts_ == nullptr) {
        throw CheckpointError("Cannot load base run '" + base_run +
                              "': this run has no artifact store");
    }
    const std::string artifact = "state_" + base_run;
    const fs::path staging = run_dir_ / (".tmp-base-" + pid_suffix());
    fs::remove_all(staging);
    fs::create_directories(run_dir_);
    try {
        artifacts_->fetch(artifact, version, staging);
        auto state = read_checkpoint_dir(staging, "base run " + artifact + ":" + version);
        fs::remove_all(staging);
        return state;
    } catch (...) {
        fs::remove_all(staging);
        throw;
    }
}

} // namespace nip::core
