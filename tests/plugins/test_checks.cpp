// Each check on a plugin file and its descriptor, seen through the refusal a user reads.
#define BOOST_TEST_MODULE plugins
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <vector>

#include <unistd.h>

#include "nip/core/errors.hpp"
#include "nip/core/plugin_registry.hpp"
#include "test_support.hpp"

using nip::core::PluginCandidate;
using nip::core::PluginRegistry;
using nip_test::contains;
using nip_test::fixture_dir;
using nip_test::fixture_file;

namespace {

// The single candidate found in `dir`.
PluginCandidate only_candidate_in(const std::filesystem::path& dir) {
    PluginRegistry registry({dir}, "", {});
    auto candidates = registry.list();
    BOOST_REQUIRE_EQUAL(candidates.size(), 1u);
    return candidates.front();
}

// find() refuses `name` with exactly the problem list() reported for it.
void require_find_refuses(const std::filesystem::path& dir, const std::string& name,
                          const std::string& problem) {
    PluginRegistry registry({dir}, "", {});
    BOOST_CHECK_EXCEPTION(registry.find(name), nip::core::PluginError,
                          [&](const nip::core::PluginError& e) {
                              BOOST_TEST(e.what() == problem);
                              return e.code() == nip::core::ExitCode::plugin;
                          });
}

} // namespace

BOOST_AUTO_TEST_CASE(text_file_named_so_is_not_an_elf_shared_library) {
    const auto dir = nip_test::fresh_dir("text_file");
    const auto file = dir / "notes.so";
    std::ofstream(file) << "this is a text file, not a library\n";

    const auto candidate = only_candidate_in(dir);
    BOOST_TEST(candidate.problem ==
               "Not a plugin: '" + file.string() + "' is not an ELF shared library");
    BOOST_TEST(!candidate.info.has_value());
    require_find_refuses(dir, "notes", candidate.problem);
}

BOOST_AUTO_TEST_CASE(empty_file_named_so_is_not_an_elf_shared_library) {
    const auto dir = nip_test::fresh_dir("empty_file");
    const auto file = dir / "empty.so";
    std::ofstream{file};

    BOOST_TEST(only_candidate_in(dir).problem ==
               "Not a plugin: '" + file.string() + "' is not an ELF shared library");
}

namespace {

// A copy of the valid fixture with the two header bytes at `offset` replaced.
std::filesystem::path patched_copy(const std::string& dir_name, std::size_t offset,
                                   std::uint16_t value) {
    const auto dir = nip_test::fresh_dir(dir_name);
    const auto file = dir / "patched.so";
    std::filesystem::copy_file(fixture_file("valid", "valid"), file);
    std::fstream io(file, std::ios::in | std::ios::out | std::ios::binary);
    io.seekp(static_cast<std::streamoff>(offset));
    const char bytes[2] = {static_cast<char>(value & 0xff), static_cast<char>(value >> 8)};
    io.write(bytes, 2);
    return file;
}

} // namespace

// The refusal says what is wrong with the file itself: the machine it was built for,
// a header cut short, an ELF file that is no shared library, a file that cannot be read.
BOOST_AUTO_TEST_CASE(elf_problems_are_named) {
    const auto aarch64 = patched_copy("foreign_machine", 18, 183); // e_machine = EM_AARCH64
    BOOST_TEST(only_candidate_in(aarch64.parent_path()).problem ==
               "Not a plugin: '" + aarch64.string() +
                   "' is built for aarch64, this host is x86-64");

    const auto executable = patched_copy("executable", 16, 2); // e_type = ET_EXEC
    BOOST_TEST(contains(only_candidate_in(executable.parent_path()).problem,
                        "is an ELF file but not a shared library"));

    const auto dir = nip_test::fresh_dir("short_header");
    const auto truncated = dir / "short.so";
    std::ofstream(truncated, std::ios::binary) << std::string("\x7f"
                                                              "ELF\x02\x01\x01",
                                                              7);
    BOOST_TEST(only_candidate_in(dir).problem == "Not a plugin: '" + truncated.string() +
                                                     "' is truncated: it ends inside its ELF "
                                                     "header");

    if (::geteuid() != 0) { // root reads any file, so this case needs another user
        const auto locked_dir = nip_test::fresh_dir("unreadable");
        const auto locked = locked_dir / "locked.so";
        std::filesystem::copy_file(fixture_file("valid", "valid"), locked);
        std::filesystem::permissions(locked, std::filesystem::perms::none);
        BOOST_TEST(contains(only_candidate_in(locked_dir).problem, "Permission denied"));
    } else {
        BOOST_TEST_MESSAGE("running as root: the unreadable-file case is not exercised");
    }
}

BOOST_AUTO_TEST_CASE(library_without_descriptor_is_refused_before_loading) {
    const auto file = fixture_file("no_descriptor", "no_descriptor");
    const auto candidate = only_candidate_in(fixture_dir("no_descriptor"));
    BOOST_TEST(candidate.problem == "Not a plugin: '" + file.string() +
                                        "' exports no nip_plugin descriptor (build it with "
                                        "NIP_REGISTER_TRAINER)");
    require_find_refuses(fixture_dir("no_descriptor"), "no_descriptor", candidate.problem);
}

BOOST_AUTO_TEST_CASE(other_abi_major_is_refused) {
    const auto file = fixture_file("abi_major_2", "abi_major_2");
    const auto candidate = only_candidate_in(fixture_dir("abi_major_2"));
    BOOST_TEST(contains(candidate.problem, "Wrong SDK ABI version on plugin 'abi_major_2' (" +
                                               file.string() + "): got 2.0, host supports 1.x"));
    // Nothing past the ABI fields is trusted from a descriptor of another major.
    BOOST_TEST(!candidate.info.has_value());
    require_find_refuses(fixture_dir("abi_major_2"), "abi_major_2", candidate.problem);
}

BOOST_AUTO_TEST_CASE(newer_abi_minor_is_refused_with_update_the_host) {
    const auto file = fixture_file("abi_minor_high", "abi_minor_high");
    const auto candidate = only_candidate_in(fixture_dir("abi_minor_high"));
    BOOST_TEST(candidate.problem == "Wrong SDK ABI version on plugin 'abi_minor_high' (" +
                                        file.string() +
                                        "): got 1.7, host supports 1.1 at most: update the host");
}

BOOST_AUTO_TEST_CASE(other_libtorch_build_is_refused_with_rebuild) {
    const auto file = fixture_file("wrong_build", "wrong_build");
    const auto candidate = only_candidate_in(fixture_dir("wrong_build"));
    BOOST_TEST(candidate.problem == "Plugin 'wrong_build' (" + file.string() +
                                        ") was built with libtorch 0.0.1, host uses " +
                                        std::string(NIP_TORCH_VERSION) +
                                        ": rebuild it against this SDK");
    // Its metadata was readable, so --list-plugins can say what it is.
    BOOST_REQUIRE(candidate.info.has_value());
    BOOST_TEST(candidate.info->name == "wrong_build");
    require_find_refuses(fixture_dir("wrong_build"), "wrong_build", candidate.problem);
}

// Inspection reads the file only, so a library the loader cannot load passes it; loading
// (find, or a probe) refuses it with the loader's own words.
BOOST_AUTO_TEST_CASE(loader_failure_is_reported_with_the_loaders_message) {
    const auto file = fixture_file("missing_dependency", "missing_dependency");
    const auto dir = fixture_dir("missing_dependency");
    const auto inspected = only_candidate_in(dir);
    BOOST_TEST(inspected.problem.empty(), inspected.problem);
    BOOST_REQUIRE(inspected.info.has_value());
    BOOST_TEST(inspected.info->name == "missing_dependency");

    PluginRegistry registry({dir}, "", {});
    const auto probed = registry.list(nip::core::probe_in_this_process);
    BOOST_REQUIRE_EQUAL(probed.size(), 1u);
    const auto& problem = probed.front().problem;
    BOOST_TEST(
        contains(problem, "Could not load plugin 'missing_dependency' (" + file.string() + "): "),
        problem);
    // dlopen's own words name what is missing.
    BOOST_TEST(contains(problem, "libnip_fixture_helper.so"), problem);
    require_find_refuses(dir, "missing_dependency", problem);
}

// A host of ABI 1.1 loads a plugin of 1.0, whose descriptor has no validate field.
BOOST_AUTO_TEST_CASE(a_plugin_of_the_previous_minor_is_accepted) {
    const auto candidate = only_candidate_in(fixture_dir("abi_1_0"));
    BOOST_TEST(candidate.problem.empty(), candidate.problem);
    BOOST_REQUIRE(candidate.info.has_value());
    BOOST_TEST(candidate.info->abi_minor == 0u);
    PluginRegistry registry({fixture_dir("abi_1_0")}, "", {});
    BOOST_CHECK_NO_THROW(registry.find("abi_1_0"));
}

BOOST_AUTO_TEST_CASE(descriptor_smaller_than_its_abi_is_refused) {
    const auto file = fixture_file("short_descriptor", "short_descriptor");
    BOOST_TEST(only_candidate_in(fixture_dir("short_descriptor")).problem ==
               "Plugin 'short_descriptor' (" + file.string() +
                   ") has a descriptor of 12 bytes, SDK ABI 1.1 needs at least " +
                   std::to_string(sizeof(nip_plugin_descriptor)) +
                   ": rebuild it with NIP_REGISTER_TRAINER");
}

BOOST_AUTO_TEST_CASE(descriptor_fields_are_checked) {
    const std::map<std::string, std::string> problem_part_by_fixture{
        {"bad_name", "declares the invalid name 'bad.name'"},
        {"bad_type", "declares trainer type 7, expected 0 (rl) or 1 (solo_agent)"},
        {"null_defaults", "declares no default hyper-parameters"},
        {"list_defaults", "declares default hyper-parameters that are not a JSON object"},
        {"no_create", "has no create entry point"}};
    for (const auto& [fixture, part] : problem_part_by_fixture) {
        const auto problem = only_candidate_in(fixture_dir(fixture)).problem;
        BOOST_TEST(contains(problem, "(" + fixture_file(fixture, fixture).string() + ")"), problem);
        BOOST_TEST(contains(problem, part), problem);
    }
}

BOOST_AUTO_TEST_CASE(valid_plugin_is_accepted_with_its_metadata) {
    const auto candidate = only_candidate_in(fixture_dir("valid"));
    BOOST_TEST(candidate.problem.empty());
    BOOST_REQUIRE(candidate.info.has_value());
    const auto& info = *candidate.info;
    BOOST_TEST(info.name == "valid");
    BOOST_TEST(info.summary == "Counts to three");
    BOOST_TEST(info.version == "1.2.3");
    BOOST_TEST(info.file == fixture_file("valid", "valid").string());
    BOOST_TEST(info.trainer_type == NIP_TRAINER_RL);
    BOOST_TEST(info.default_hyper_params_json == R"({"valid": {"iterations": 3}})");
    BOOST_TEST(info.hyper_params_schema_json.empty());
    BOOST_TEST(info.abi_major == NIP_SDK_ABI_MAJOR);
    BOOST_TEST(info.abi_minor == NIP_SDK_ABI_MINOR);
}

BOOST_AUTO_TEST_CASE(list_reports_every_candidate_with_its_problem) {
    const auto text_dir = nip_test::fresh_dir("list_all");
    std::ofstream(text_dir / "readme.so") << "not a library\n";
    const std::vector<std::string> fixture_dirs{"valid",
                                                "abi_major_2",
                                                "abi_minor_high",
                                                "wrong_build",
                                                "no_descriptor",
                                                "factory_throws",
                                                "train_throws",
                                                "duplicate",
                                                "missing_dependency",
                                                "short_descriptor",
                                                "bad_name",
                                                "bad_type",
                                                "null_defaults",
                                                "list_defaults",
                                                "no_create"};
    std::vector<std::filesystem::path> dirs{text_dir};
    for (const auto& name : fixture_dirs) {
        dirs.push_back(fixture_dir(name));
    }
    PluginRegistry registry(dirs, "", {});

    std::map<std::string, std::string> problem_by_file;
    for (const auto& candidate : registry.list(nip::core::probe_in_this_process)) {
        problem_by_file[candidate.file.filename().string()] = candidate.problem;
        BOOST_TEST(!contains(candidate.problem, "\n"),
                   candidate.file << " has a multi-line problem");
    }
    const std::set<std::string> accepted{"valid.so", "factory_throws.so", "train_throws.so",
                                         "dup_a.so", "dup_b.so"};
    const std::map<std::string, std::string> refused{
        {"readme.so", "is not an ELF shared library"},
        {"no_descriptor.so", "exports no nip_plugin descriptor"},
        {"abi_major_2.so", "got 2.0, host supports 1.x"},
        {"abi_minor_high.so", "got 1.7, host supports 1.1 at most"},
        {"wrong_build.so", "built with libtorch 0.0.1"},
        {"missing_dependency.so", "Could not load plugin"},
        {"short_descriptor.so", "has a descriptor of 12 bytes"},
        {"bad_name.so", "invalid name"},
        {"bad_type.so", "trainer type 7"},
        {"null_defaults.so", "no default hyper-parameters"},
        {"list_defaults.so", "not a JSON object"},
        {"no_create.so", "no create entry point"}};
    BOOST_TEST(problem_by_file.size() == accepted.size() + refused.size());
    for (const auto& file : accepted) {
        BOOST_REQUIRE(problem_by_file.count(file) == 1);
        BOOST_TEST(problem_by_file[file].empty(), file << ": " << problem_by_file[file]);
    }
    for (const auto& [file, part] : refused) {
        BOOST_REQUIRE(problem_by_file.count(file) == 1);
        BOOST_TEST(contains(problem_by_file[file], part), file << ": " << problem_by_file[file]);
    }
}

// nip_add_trainer_plugin links with a version script: the descriptor is the one symbol a
// plugin exports, so nothing it instantiates is interposed with the host or other plugins.
BOOST_AUTO_TEST_CASE(a_plugin_exports_its_descriptor_only) {
    const auto file = fixture_file("valid", "valid");
    const std::string command = "nm -D --defined-only '" + file.string() + "'";
    FILE* pipe = ::popen(command.c_str(), "r");
    BOOST_REQUIRE(pipe != nullptr);
    std::vector<std::string> exported;
    char line[1024];
    while (std::fgets(line, sizeof line, pipe) != nullptr) {
        std::string text(line);
        exported.push_back(text.substr(text.find_last_of(' ') + 1));
        exported.back().erase(exported.back().find_last_not_of("\n") + 1);
    }
    BOOST_REQUIRE_EQUAL(::pclose(pipe), 0);
    BOOST_REQUIRE_EQUAL(exported.size(), 1u);
    BOOST_TEST(exported.front() == "nip_plugin");
}
