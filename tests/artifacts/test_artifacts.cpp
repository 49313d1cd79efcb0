#define BOOST_TEST_MODULE artifacts_test
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>

#include "nip/core/durable_fs.hpp"
#include "nip/core/errors.hpp"
#include "nip/core/local_artifact_store.hpp"
#include "nip/core/sha256.hpp"

namespace fs = std::filesystem;
using nip::core::DamagedStoreError;
using nip::core::LocalArtifactStore;
using nip::core::UsageError;

namespace {

// A fresh directory per test: the store under store/, inputs under inputs/.
struct TempDirectory {
    fs::path path;
    TempDirectory() {
        std::string pattern = (fs::temp_directory_path() / "nip-artifacts-test-XXXXXX").string();
        BOOST_REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        path = pattern;
        fs::create_directory(path / "inputs");
    }
    ~TempDirectory() {
        std::error_code error;
        fs::remove_all(path, error);
    }
    fs::path store_root() const { return path / "store"; }
    fs::path input(const std::string& name, const std::string& content) const {
        fs::path file = path / "inputs" / name;
        std::ofstream(file, std::ios::binary) << content;
        return file;
    }
};

std::vector<std::string> file_names(const nip::sdk::ArtifactVersion& version) {
    std::vector<std::string> names;
    for (const auto& file : version.files) {
        names.push_back(file.name);
    }
    return names;
}

std::size_t count_objects(const fs::path& store) {
    std::size_t count = 0;
    for (const auto& entry : fs::recursive_directory_iterator(store / "objects")) {
        count += entry.is_regular_file() ? 1 : 0;
    }
    return count;
}

// Checks that an exception of type E is thrown and that its message contains every word.
template <typename E, typename F>
void require_error(F&& call, const std::vector<std::string>& words) {
    try {
        call();
    } catch (const E& error) {
        std::string message = error.what();
        for (const std::string& word : words) {
            BOOST_TEST(message.find(word) != std::string::npos, "'" << word << "' in: " << message);
        }
        return;
    }
    BOOST_FAIL("no exception of the expected type");
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(artifacts_test, TempDirectory)

BOOST_AUTO_TEST_CASE(second_add_makes_v1_and_latest_resolves_to_it) {
    LocalArtifactStore store(store_root());
    auto first = store.add_files("model", "weights", {input("a.bin", "one")});
    auto second = store.add_files("model", "weights", {input("b.bin", "two")});
    BOOST_TEST(first.version == 0);
    BOOST_TEST(second.version == 1);
    BOOST_TEST(store.versions("model") == (std::vector<std::int64_t>{0, 1}));
    BOOST_TEST(store.describe("model", "latest").version == 1);
    BOOST_TEST(store.describe("model", "v0").version == 0);
    BOOST_TEST(store.describe("model", "latest").type == "weights");
}

BOOST_AUTO_TEST_CASE(new_version_holds_old_files_plus_new_and_replaces_same_name) {
    LocalArtifactStore store(store_root());
    store.add_files("data", "dataset", {input("a.txt", "a0"), input("b.txt", "b0")});
    auto next = store.add_files("data", "dataset", {input("b.txt", "b1"), input("c.txt", "c1")});
    BOOST_TEST(file_names(next) == (std::vector<std::string>{"a.txt", "b.txt", "c.txt"}));
    auto replaced = std::find_if(next.files.begin(), next.files.end(),
                                 [](const auto& file) { return file.name == "b.txt"; });
    BOOST_TEST(replaced->sha256 == nip::core::sha256_hex("b1"));
    // The old version is unchanged.
    BOOST_TEST(file_names(store.describe("data", "v0")) ==
               (std::vector<std::string>{"a.txt", "b.txt"}));
    BOOST_TEST(store.describe("data", "v0").files[1].sha256 == nip::core::sha256_hex("b0"));
}

BOOST_AUTO_TEST_CASE(manifest_records_sizes_and_digests_in_stable_key_order) {
    LocalArtifactStore store(store_root());
    std::string content(100000, 'x');
    content[500] = 'y';
    fs::path big = input("big.bin", content);
    fs::path empty = input("empty.bin", "");
    auto version = store.add_files("run", "checkpoint", {big, empty});
    BOOST_REQUIRE(version.files.size() == 2u);
    BOOST_TEST(version.files[0].name == "big.bin");
    BOOST_TEST(version.files[0].size == content.size());
    BOOST_TEST(version.files[0].sha256 == nip::core::sha256_file(big));
    BOOST_TEST(version.files[1].size == 0u);
    BOOST_TEST(version.files[1].sha256 == nip::core::sha256_file(empty));

    auto manifest =
        boost::json::parse(nip::core::read_file(store.root() / "run" / "v0" / "manifest.json"))
            .as_object();
    std::vector<std::string> keys;
    for (const auto& entry : manifest) {
        keys.emplace_back(entry.key());
    }
    BOOST_TEST(keys == (std::vector<std::string>{"name", "type", "version", "created", "files"}));
    BOOST_TEST(manifest.at("type").as_string() == "checkpoint");
    std::string created(manifest.at("created").as_string());
    // UTC ISO-8601, e.g. 2025-01-31T12:00:00.000Z
    BOOST_TEST(created.size() >= std::string("2025-01-31T12:00:00Z").size());
    BOOST_TEST(created.substr(0, 2) == "20");
    BOOST_TEST(created[10] == 'T');
    BOOST_TEST(created.back() == 'Z');
    const auto& files = manifest.at("files").as_array();
    BOOST_TEST(files.at(0).at("sha256").as_string() == nip::core::sha256_file(big));
    BOOST_TEST(files.at(0).at("size").to_number<std::uint64_t>() == content.size());
}

BOOST_AUTO_TEST_CASE(identical_content_is_stored_once) {
    LocalArtifactStore store(store_root());
    store.add_files("first", "blob", {input("one.bin", "same bytes")});
    store.add_files("first", "blob", {input("again.bin", "same bytes")});
    store.add_files("second", "blob", {input("other.bin", "same bytes")});
    BOOST_TEST(count_objects(store.root()) == 1u);
    store.add_files("second", "blob", {input("new.bin", "different bytes")});
    BOOST_TEST(count_objects(store.root()) == 2u);
    std::string digest = nip::core::sha256_hex("same bytes");
    BOOST_TEST(fs::is_regular_file(store.root() / "objects" / digest.substr(0, 2) / digest));
}

BOOST_AUTO_TEST_CASE(fetch_restores_the_bytes_of_the_requested_version) {
    LocalArtifactStore store(store_root());
    std::string binary("\0\x01\xff tail", 8);
    store.add_files("model", "weights", {input("w.bin", binary), input("cfg.json", "{}")});
    store.add_files("model", "weights", {input("w.bin", "newer")});

    store.fetch("model", "v0", path / "out0");
    BOOST_TEST(nip::core::read_file(path / "out0" / "w.bin") == binary);
    BOOST_TEST(nip::core::read_file(path / "out0" / "cfg.json") == "{}");
    store.fetch("model", "latest", path / "deep" / "out1");
    BOOST_TEST(nip::core::read_file(path / "deep" / "out1" / "w.bin") == "newer");
    BOOST_TEST(nip::core::read_file(path / "deep" / "out1" / "cfg.json") == "{}");
    // Only the artifact's files, no temporaries left behind.
    std::size_t entries = std::distance(fs::directory_iterator(path / "out0"), {});
    BOOST_TEST(entries == 2u);
}

BOOST_AUTO_TEST_CASE(fetch_of_a_corrupted_object_names_the_file_and_fetches_nothing) {
    LocalArtifactStore store(store_root());
    store.add_files("model", "weights", {input("a.bin", "intact"), input("b.bin", "flipped")});
    std::string digest = nip::core::sha256_hex("flipped");
    fs::path object = store.root() / "objects" / digest.substr(0, 2) / digest;
    {
        std::fstream file(object, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(3);
        file.put('F'); // same size, different bytes: only the digest can tell
    }
    require_error<DamagedStoreError>([&] { store.fetch("model", "v0", path / "out"); },
                                     {"b.bin", "model", "v0", "damaged"});
    BOOST_TEST(fs::is_empty(path / "out"));

    // Re-adding the content repairs the object.
    store.add_files("model", "weights", {input("b.bin", "flipped")});
    store.fetch("model", "v0", path / "out");
    BOOST_TEST(nip::core::read_file(path / "out" / "b.bin") == "flipped");
}

BOOST_AUTO_TEST_CASE(fetch_with_a_missing_object_names_the_file) {
    LocalArtifactStore store(store_root());
    store.add_files("model", "weights", {input("gone.bin", "vanishes")});
    std::string digest = nip::core::sha256_hex("vanishes");
    fs::remove(store.root() / "objects" / digest.substr(0, 2) / digest);
    require_error<DamagedStoreError>([&] { store.fetch("model", "latest", path / "out"); },
                                     {"gone.bin", "model", "v0", "damaged"});
}

// A manifest cut short is damage (exit 4, as a damaged checkpoint), not a usage error.
BOOST_AUTO_TEST_CASE(a_truncated_manifest_is_damage_with_exit_code_4) {
    LocalArtifactStore store(store_root());
    store.add_files("model", "weights", {input("a.bin", "x")});
    const auto manifest = store.root() / "model" / "v0" / "manifest.json";
    const auto text = nip::core::read_file(manifest);
    std::ofstream(manifest, std::ios::trunc) << text.substr(0, text.size() / 2);
    BOOST_CHECK_EXCEPTION(
        store.describe("model", "latest"), DamagedStoreError, [](const DamagedStoreError& e) {
            return e.code() == nip::core::ExitCode::checkpoint &&
                   std::string(e.what()).find("not valid JSON") != std::string::npos;
        });
}

BOOST_AUTO_TEST_CASE(invalid_artifact_and_file_names_are_refused) {
    LocalArtifactStore store(store_root());
    fs::path good = input("good.txt", "x");
    for (const std::string& bad :
         std::vector<std::string>{"a/b", "..", "../escape", ".hidden", "", std::string(129, 'a'),
                                  "space name", "-leading"}) {
        require_error<UsageError>([&] { nip::core::validate_artifact_name(bad); }, {});
        require_error<UsageError>([&] { store.add_files(bad, "t", {good}); }, {"'" + bad + "'"});
        BOOST_CHECK_THROW(store.describe(bad, "latest"), UsageError);
    }
    require_error<UsageError>([&] { store.add_files("ok", "t", {input(".dotfile", "x")}); },
                              {".dotfile"});
    BOOST_CHECK_NO_THROW(nip::core::validate_artifact_name("Model_v2.final-1"));
    BOOST_CHECK_NO_THROW(nip::core::validate_artifact_name(std::string(128, 'a')));
    // Nothing was stored by the refused calls.
    BOOST_TEST(!fs::exists(store.root() / "objects"));
    BOOST_TEST(!fs::exists(store.root() / "ok"));
}

BOOST_AUTO_TEST_CASE(bad_version_specs_and_unknown_versions_are_refused) {
    LocalArtifactStore store(store_root());
    store.add_files("model", "weights", {input("a.bin", "a")});
    store.add_files("model", "weights", {input("b.bin", "b")});
    for (const std::string& bad :
         std::vector<std::string>{"v", "1", "v-1", "vx", "v01", "Latest", "v1.0", ""}) {
        require_error<UsageError>([&] { store.describe("model", bad); }, {"'" + bad + "'"});
    }
    require_error<UsageError>([&] { store.describe("model", "v7"); }, {"v7", "v0, v1"});
    require_error<UsageError>([&] { store.describe("missing", "latest"); }, {"missing", "model"});
    require_error<UsageError>([&] { store.fetch("model", "v2", path / "out"); }, {"v0, v1"});
}

BOOST_AUTO_TEST_CASE(adding_with_another_type_is_refused_naming_both) {
    LocalArtifactStore store(store_root());
    store.add_files("model", "weights", {input("a.bin", "a")});
    require_error<UsageError>([&] { store.add_files("model", "dataset", {input("b.bin", "b")}); },
                              {"weights", "dataset", "model"});
    BOOST_TEST(store.versions("model") == (std::vector<std::int64_t>{0}));
    BOOST_TEST(count_objects(store.root()) == 1u);
}

BOOST_AUTO_TEST_CASE(concurrent_processes_make_distinct_consecutive_versions) {
    constexpr int children = 4;
    constexpr int adds_per_child = 20;
    fs::path root = store_root();
    std::vector<pid_t> pids;
    for (int child = 0; child < children; ++child) {
        pid_t pid = ::fork();
        BOOST_REQUIRE(pid >= 0);
        if (pid == 0) {
            // The child must never return into the test runner.
            int status = 0;
            try {
                LocalArtifactStore own_store(root);
                std::string name = "child" + std::to_string(child) + ".txt";
                for (int round = 0; round < adds_per_child; ++round) {
                    fs::path file = input(name, name + " round " + std::to_string(round));
                    own_store.add_files("shared", "log", {file});
                }
            } catch (...) {
                status = 1;
            }
            ::_exit(status);
        }
        pids.push_back(pid);
    }
    for (pid_t pid : pids) {
        int status = 0;
        BOOST_REQUIRE(::waitpid(pid, &status, 0) == pid);
        BOOST_TEST((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    }

    LocalArtifactStore store(root);
    std::vector<std::int64_t> expected(children * adds_per_child);
    for (std::size_t i = 0; i < expected.size(); ++i) {
        expected[i] = static_cast<std::int64_t>(i);
    }
    BOOST_TEST(store.versions("shared") == expected);
    // No version lost a file an earlier one had.
    std::set<std::string> previous;
    for (std::int64_t version : expected) {
        auto names = file_names(store.describe("shared", "v" + std::to_string(version)));
        std::set<std::string> current(names.begin(), names.end());
        BOOST_TEST(std::includes(current.begin(), current.end(), previous.begin(), previous.end()));
        previous = current;
    }
    store.fetch("shared", "latest", path / "out");
    for (int child = 0; child < children; ++child) {
        std::string name = "child" + std::to_string(child) + ".txt";
        BOOST_TEST(nip::core::read_file(path / "out" / name) ==
                   name + " round " + std::to_string(adds_per_child - 1));
    }
}

BOOST_AUTO_TEST_CASE(leftover_temporary_version_is_ignored_and_cleaned_by_next_writer) {
    LocalArtifactStore store(store_root());
    store.add_files("model", "weights", {input("a.bin", "a")});
    fs::path leftover = store.root() / "model" / ".tmp-v1-99999";
    fs::create_directory(leftover);
    std::ofstream(leftover / "manifest.json") << "{\"name\": \"model\", \"trunc";
    BOOST_TEST(store.versions("model") == (std::vector<std::int64_t>{0}));
    BOOST_TEST(store.describe("model", "latest").version == 0);

    BOOST_TEST(store.add_files("model", "weights", {input("b.bin", "b")}).version == 1);
    BOOST_TEST(!fs::exists(leftover));
    BOOST_TEST(file_names(store.describe("model", "latest")) ==
               (std::vector<std::string>{"a.bin", "b.bin"}));
}

BOOST_AUTO_TEST_SUITE_END()
