#include "nip/core/local_checkpoint_store.hpp"

#include <algorithm>
#include <chrono>

#include <unistd.h>

#include "checkpoint_files.hpp"
#include "nip/core/durable_fs.hpp"
#include "nip/core/errors.hpp"
#include "nip/core/json_text.hpp"
#include "nip/core/sha256.hpp"
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

// A symbolic link in the checkpoints directory that leads nowhere (or loops) would make
// every later save of its iteration fail (a directory cannot be renamed onto it), and
// reading the directory fail: refused at start, named, with what to do.
void refuse_broken_links(const fs::path& directory) {
    std::error_code error;
    if (!fs::is_directory(directory, error)) {
        return;
    }
    for (const auto& entry : fs::directory_iterator(directory)) {
        std::error_code status_error;
        if (!entry.is_symlink(status_error)) {
            continue;
        }
        const auto target = fs::status(entry.path(), status_error);
        if (status_error || !fs::exists(target)) {
            std::error_code read_error;
            const auto points_to = fs::read_symlink(entry.path(), read_error);
            throw IoError("'" + entry.path().string() + "' is a symbolic link to '" +
                          points_to.string() + "', which " +
                          (status_error && status_error != std::errc::no_such_file_or_directory
                               ? "cannot be followed (" + status_error.message() + ")"
                               : std::string("does not exist")) +
                          ": a checkpoint save would fail on it; remove it or make it point at "
                          "a directory");
        }
    }
}

std::int64_t iteration_of(const fs::path& checkpoint) {
    return std::stoll(checkpoint.filename().string().substr(5));
}

} // namespace

LocalCheckpointStore::LocalCheckpointStore(fs::path run_dir, std::string run_id,
                                           std::string hyper_params_json,
                                           sdk::ArtifactStore* artifacts, sdk::Logger& logger,
                                           Options options)
    : run_dir_(std::move(run_dir)), run_id_(std::move(run_id)),
      hyper_params_json_(std::move(hyper_params_json)), artifacts_(artifacts), logger_(logger),
      options_(std::move(options)) {
    try {
        refuse_broken_links(checkpoints_dir());
    } catch (const fs::filesystem_error& e) {
        throw IoError("Cannot read the checkpoints of run '" + run_id_ + "': " + e.what());
    }
}

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

void LocalCheckpointStore::refuse_damaged(const fs::path& damaged,
                                          const std::string& problem) const {
    // Look for the newest earlier checkpoint that reads back whole.
    std::optional<fs::path> intact;
    for (const auto& earlier : complete_checkpoints(checkpoints_dir())) {
        if (earlier.filename() >= damaged.filename()) {
            break;
        }
        try {
            read_checkpoint_info(earlier, earlier.filename().string());
            intact = earlier;
        } catch (const CheckpointError&) {
        }
    }
    throw CheckpointError(
        problem + "\n" +
        (intact ? "The newest intact checkpoint is " + intact->filename().string() +
                      " (iteration " + std::to_string(iteration_of(*intact)) +
                      "): run again with --resume-from " + intact->filename().string() +
                      " to resume from it (the later ones are moved aside, not deleted), or "
                      "with --no-resume to start afresh."
                : std::string("No earlier checkpoint of the run is intact: run again with "
                              "--no-resume to start afresh (the damaged ones are kept aside).")));
}

// The checkpoint to resume from: the latest, or --resume-from's (the later ones then set
// aside, so that neither this run nor a later resume reads them).
fs::path LocalCheckpointStore::chosen_checkpoint() {
    auto found = complete_checkpoints(checkpoints_dir());
    if (!options_.resume_from) {
        return found.back();
    }
    const auto wanted = checkpoints_dir() / files::directory_name(*options_.resume_from);
    if (std::find(found.begin(), found.end(), wanted) == found.end()) {
        std::string names;
        for (const auto& checkpoint : found) {
            names += (names.empty() ? "" : ", ") + checkpoint.filename().string();
        }
        throw UsageError("--resume-from " + wanted.filename().string() + ": run '" + run_id_ +
                         "' has no such checkpoint (it has: " + names + ")");
    }
    std::vector<fs::path> later(std::find(found.begin(), found.end(), wanted) + 1, found.end());
    if (!later.empty()) {
        const fs::path aside =
            run_dir_ / ("set-aside-" + std::to_string(std::chrono::system_clock::to_time_t(
                                           std::chrono::system_clock::now())));
        fs::create_directories(aside);
        for (const auto& checkpoint : later) {
            rename_synced(checkpoint, aside / checkpoint.filename());
        }
        logger_.info("--resume-from " + wanted.filename().string() + ": " +
                     std::to_string(later.size()) + " later checkpoint(s) moved to '" +
                     aside.string() + "'");
    }
    return wanted;
}

std::optional<sdk::State> LocalCheckpointStore::load_latest() try {
    if (!latest_complete_dir() && !options_.resume_from && !fetch_from_artifacts()) {
        return std::nullopt;
    }
    if (!latest_complete_dir()) {
        throw UsageError("--resume-from: run '" + run_id_ + "' has no checkpoints");
    }
    const fs::path chosen = chosen_checkpoint();
    const std::string where =
        "checkpoint " + chosen.filename().string() + " of run '" + run_id_ + "'";
    std::optional<CheckpointInfo> info;
    try {
        info = read_checkpoint_info(chosen, where);
    } catch (const CheckpointError& damage) {
        refuse_damaged(chosen, damage.what());
    }
    if (options_.check_compatible) {
        options_.check_compatible(*info);
    }
    logger_.info("Loading " + where + " from '" + chosen.string() + "'");
    std::optional<sdk::State> state;
    try {
        state = read_checkpoint_dir(chosen, where);
    } catch (const CheckpointError& damage) {
        refuse_damaged(chosen, damage.what());
    }
    loaded_iteration_ = state->iteration;
    catch_up_state_artifact(chosen);
    return state;
} catch (const fs::filesystem_error& e) {
    throw IoError("Cannot read the checkpoints of run '" + run_id_ + "': " + e.what());
}

// A kill between a checkpoint's save and the end of its upload leaves the run's state
// artifact a version behind the checkpoint resumed from: the upload is made now. Only an
// artifact that exists is caught up (a trainer may save without logging).
void LocalCheckpointStore::catch_up_state_artifact(const fs::path& checkpoint) {
    if (artifacts_ == nullptr) {
        return;
    }
    const std::string artifact = "state_" + run_id_;
    sdk::ArtifactVersion latest;
    try {
        latest = artifacts_->describe(artifact, "latest");
    } catch (const UsageError&) {
        return;
    }
    const auto manifest = checkpoint / files::manifest;
    const auto uploaded =
        std::find_if(latest.files.begin(), latest.files.end(),
                     [](const sdk::ArtifactFile& file) { return file.name == files::manifest; });
    if (uploaded != latest.files.end() && uploaded->sha256 == sha256_file(manifest)) {
        return;
    }
    std::vector<fs::path> checkpoint_files;
    for (const auto& entry : fs::directory_iterator(checkpoint)) {
        checkpoint_files.push_back(entry.path());
    }
    std::sort(checkpoint_files.begin(), checkpoint_files.end());
    const auto added = artifacts_->add_files(artifact, latest.type, checkpoint_files);
    logger_.warning("The state artifact " + artifact + " was behind checkpoint " +
                    checkpoint.filename().string() +
                    " (its upload was interrupted): uploaded it now as " + artifact + ":v" +
                    std::to_string(added.version));
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
