#define BOOST_TEST_MODULE checkpoints
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <fstream>

#include <sys/wait.h>
#include <unistd.h>

#include <torch/torch.h>

#include "collecting_logger.hpp"
#include "nip/core/durable_fs.hpp"
#include "nip/core/errors.hpp"
#include "nip/core/local_artifact_store.hpp"
#include "nip/core/local_checkpoint_store.hpp"

namespace fs = std::filesystem;
using nip::core::CheckpointError;
using nip::core::LocalCheckpointStore;

namespace {

struct Fixture {
    fs::path root = fs::temp_directory_path() / ("nip-ckpt-" + std::to_string(::getpid()));
    nip::test::CollectingLogger logger;
    Fixture() {
        fs::remove_all(root);
        fs::create_directories(root);
    }
    ~Fixture() { fs::remove_all(root); }

    LocalCheckpointStore store(const std::string& run = "run",
                               nip::sdk::ArtifactStore* artifacts = nullptr,
                               LocalCheckpointStore::Options options = {}) {
        return LocalCheckpointStore(root / run, run, "{\"seed\": 1}\n", artifacts, logger,
                                    std::move(options));
    }
};

// A state whose every value is derived from its iteration, so a loaded state can be
// checked for being whole: nothing from one save mixed with another.
nip::sdk::State state_at(std::int64_t iteration, std::int64_t size = 1000) {
    nip::sdk::State state;
    state.iteration = iteration;
    auto& agent = state.agents["verifier"];
    agent.tensors["weights"] = torch::full({size}, static_cast<float>(iteration));
    agent.tensors["counts"] = torch::arange(iteration + 1, torch::kInt64);
    agent.json = "{\"iteration\": " + std::to_string(iteration) + "}";
    state.trainer.tensors["rng"] = torch::full({16}, iteration % 256, torch::kUInt8);
    return state;
}

void check_whole(const nip::sdk::State& state) {
    const auto& agent = state.agents.at("verifier");
    BOOST_CHECK(torch::equal(
        agent.tensors.at("weights"),
        torch::full(agent.tensors.at("weights").sizes(), static_cast<float>(state.iteration))));
    BOOST_CHECK(torch::equal(agent.tensors.at("counts"),
                             torch::arange(state.iteration + 1, torch::kInt64)));
    BOOST_CHECK_EQUAL(agent.json, "{\"iteration\":" + std::to_string(state.iteration) + "}");
}

nip::sdk::Metadata metadata() {
    return {"nip-cpp", "0.1.0", "abc", "test_plugin", "1.0.0"};
}

void flip_byte(const fs::path& file, std::size_t offset) {
    std::fstream io(file, std::ios::in | std::ios::out | std::ios::binary);
    io.seekg(static_cast<std::streamoff>(offset));
    char byte = 0;
    io.get(byte);
    io.seekp(static_cast<std::streamoff>(offset));
    io.put(static_cast<char>(byte ^ 0x5a));
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(checkpoints, Fixture)

BOOST_AUTO_TEST_CASE(a_saved_state_loads_back_bit_for_bit) {
    auto checkpoints = store();
    BOOST_CHECK(!checkpoints.load_latest());
    auto files = checkpoints.save(state_at(7), metadata());
    BOOST_CHECK_EQUAL(files.size(), 5u); // metadata, state, hyper-params, tensors, manifest
    auto loaded = checkpoints.load_latest();
    BOOST_REQUIRE(loaded);
    BOOST_CHECK_EQUAL(loaded->iteration, 7);
    check_whole(*loaded);
    BOOST_CHECK_EQUAL(*checkpoints.loaded_iteration(), 7);
    auto paths = checkpoints.paths();
    BOOST_CHECK(fs::exists(paths.metadata));
    BOOST_CHECK(fs::exists(paths.state));
    BOOST_CHECK_EQUAL(nip::core::read_file(paths.hyper_params), "{\"seed\": 1}\n");
}

BOOST_AUTO_TEST_CASE(the_latest_is_loaded_and_old_ones_pruned) {
    auto checkpoints = store();
    for (std::int64_t i : {10, 20, 30, 40}) {
        checkpoints.save(state_at(i), metadata());
    }
    checkpoints.save(state_at(40), metadata()); // the same iteration again replaces it
    std::size_t kept = 0;
    for (const auto& entry : fs::directory_iterator(root / "run" / "checkpoints")) {
        kept += entry.path().filename().string().rfind("iter-", 0) == 0;
    }
    BOOST_CHECK_EQUAL(kept, 2u);
    auto loaded = checkpoints.load_latest();
    BOOST_CHECK_EQUAL(loaded->iteration, 40);
    check_whole(*loaded);
}

BOOST_AUTO_TEST_CASE(a_truncated_tensor_file_is_reported_not_loaded) {
    auto checkpoints = store();
    checkpoints.save(state_at(3), metadata());
    auto tensors = checkpoints.paths().tensors;
    fs::resize_file(tensors, fs::file_size(tensors) / 2);
    BOOST_CHECK_EXCEPTION(checkpoints.load_latest(), CheckpointError, [&](const auto& e) {
        std::string what = e.what();
        return what.find("tensors.pt") != std::string::npos &&
               what.find("truncated") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(an_edited_state_file_is_reported_not_loaded) {
    auto checkpoints = store();
    checkpoints.save(state_at(3), metadata());
    flip_byte(checkpoints.paths().state, 5);
    BOOST_CHECK_EXCEPTION(checkpoints.load_latest(), CheckpointError, [](const auto& e) {
        return std::string(e.what()).find("does not match the SHA-256") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(leftovers_of_an_interrupted_save_are_ignored) {
    auto checkpoints = store();
    checkpoints.save(state_at(5), metadata());
    // What a crash leaves: a staging directory with some files and no manifest.
    auto staging = root / "run" / "checkpoints" / ".tmp-iter-000000010-999";
    fs::create_directories(staging);
    std::ofstream(staging / "state.json") << "{\"iteration\": 10";
    BOOST_CHECK_EQUAL(checkpoints.load_latest()->iteration, 5);
    checkpoints.save(state_at(6), metadata());
    BOOST_CHECK(!fs::exists(staging));
}

BOOST_AUTO_TEST_CASE(sigkill_during_saves_leaves_a_loadable_checkpoint) {
    // A child saves large checkpoints back to back; it is killed at staggered moments, so
    // some kills land in the middle of a save. Each time, the latest complete checkpoint
    // must load whole.
    // The child tells the parent (through a pipe) when its first save is complete, so
    // that a slow, busy machine cannot make the kill land before any save finished.
    for (int round = 0; round < 8; ++round) {
        const std::string run = "kill" + std::to_string(round);
        int first_saved[2];
        BOOST_REQUIRE(::pipe(first_saved) == 0);
        pid_t child = ::fork();
        BOOST_REQUIRE(child >= 0);
        if (child == 0) {
            ::close(first_saved[0]);
            nip::test::CollectingLogger quiet;
            LocalCheckpointStore writer(root / run, run, "{}\n", nullptr, quiet, {});
            for (std::int64_t i = 1;; ++i) {
                writer.save(state_at(i, 1 << 20), metadata());
                if (i == 1) {
                    const char done = 1;
                    (void)!::write(first_saved[1], &done, 1);
                }
            }
        }
        ::close(first_saved[1]);
        char done = 0;
        BOOST_REQUIRE_MESSAGE(::read(first_saved[0], &done, 1) == 1,
                              "round " << round << ": the child died before its first save");
        ::close(first_saved[0]);
        ::usleep(static_cast<useconds_t>(round * 37000));
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        BOOST_REQUIRE(WIFSIGNALED(status));
        auto checkpoints = store(run);
        auto loaded = checkpoints.load_latest();
        BOOST_REQUIRE_MESSAGE(loaded, "round " << round << ": no checkpoint survived");
        check_whole(*loaded);
    }
}

BOOST_AUTO_TEST_CASE(a_refused_checkpoint_is_not_loaded) {
    LocalCheckpointStore::Options options;
    std::int64_t seen = -1;
    options.check_compatible = [&](const nip::core::CheckpointInfo& info) {
        seen = info.iteration;
        BOOST_CHECK_EQUAL(info.metadata.plugin_name, "test_plugin");
        BOOST_CHECK_EQUAL(info.hyper_params_json, "{\"seed\": 1}\n");
        throw CheckpointError("refused");
    };
    auto checkpoints = store("run", nullptr, options);
    checkpoints.save(state_at(4), metadata());
    BOOST_CHECK_THROW(checkpoints.load_latest(), CheckpointError);
    BOOST_CHECK_EQUAL(seen, 4);
    BOOST_CHECK(!checkpoints.loaded_iteration());
}

BOOST_AUTO_TEST_CASE(base_runs_and_missing_local_state_come_from_artifacts) {
    nip::core::LocalArtifactStore artifacts(root / "artifacts");
    auto base = store("base", &artifacts);
    for (std::int64_t i : {1, 2, 3}) {
        auto files = base.save(state_at(i), metadata());
        artifacts.add_files("state_base", "state", files);
    }
    auto other = store("other", &artifacts);
    BOOST_CHECK_EQUAL(other.load_base_run("base", "v0").iteration, 1);
    BOOST_CHECK_EQUAL(other.load_base_run("base", "latest").iteration, 3);
    BOOST_CHECK_THROW(other.load_base_run("base", "v9"), nip::core::Error);

    // The base run's local checkpoints are gone: resuming it fetches its state artifact.
    fs::remove_all(root / "base");
    auto restored = store("base", &artifacts).load_latest();
    BOOST_REQUIRE(restored);
    BOOST_CHECK_EQUAL(restored->iteration, 3);
    check_whole(*restored);
}

BOOST_AUTO_TEST_SUITE_END()
