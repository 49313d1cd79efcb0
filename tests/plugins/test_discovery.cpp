// Finding a plugin by name: the search path, its order, and the names users may give.
#include <boost/test/unit_test.hpp>

#include "nip/core/errors.hpp"
#include "nip/core/plugin_registry.hpp"
#include "test_support.hpp"

using nip::core::PluginRegistry;
using nip_test::contains;
using nip_test::fixture_dir;
using nip_test::fixture_file;

BOOST_AUTO_TEST_CASE(plugin_names_that_are_paths_or_odd_are_refused) {
    for (const std::string name :
         {"", "a/b", "/abs", "..", "../valid", "va..lid", "x y", "va.lid", "name;rm"}) {
        BOOST_CHECK_THROW(nip::core::validate_plugin_name(name), nip::core::UsageError);
        BOOST_TEST(!nip::core::is_valid_plugin_name(name), "'" << name << "'");
    }
    for (const std::string name : {"valid", "ppo_trainer", "Solo-2"}) {
        BOOST_CHECK_NO_THROW(nip::core::validate_plugin_name(name));
    }
    try {
        nip::core::validate_plugin_name("../plugins/valid");
        BOOST_FAIL("a path was accepted as a plugin name");
    } catch (const nip::core::UsageError& e) {
        BOOST_TEST(contains(e.what(), "'../plugins/valid' is a path"));
        BOOST_TEST(static_cast<int>(e.code()) == static_cast<int>(nip::core::ExitCode::usage));
    }
}

BOOST_AUTO_TEST_CASE(find_refuses_a_path_even_if_the_file_exists) {
    PluginRegistry registry({fixture_dir("valid")}, "", {});
    BOOST_CHECK_THROW(registry.find("../valid/valid"), nip::core::UsageError);
    BOOST_CHECK_THROW(registry.find(fixture_file("valid", "valid").string()),
                      nip::core::UsageError);
}

BOOST_AUTO_TEST_CASE(find_returns_the_plugin_of_that_name) {
    PluginRegistry registry({fixture_dir("valid"), fixture_dir("train_throws")}, "", {});
    const auto plugin = registry.find("train_throws");
    BOOST_REQUIRE(plugin);
    BOOST_TEST(nip::core::info_of(*plugin).name == "train_throws");
    BOOST_TEST(nip::core::info_of(*plugin).trainer_type == NIP_TRAINER_SOLO_AGENT);
    BOOST_TEST(registry.find("valid")->info().file == fixture_file("valid", "valid").string());
}

BOOST_AUTO_TEST_CASE(two_files_claiming_one_name_are_both_named) {
    PluginRegistry registry({fixture_dir("duplicate")}, "", {});
    try {
        registry.find("dup");
        BOOST_FAIL("a name claimed by two files was accepted");
    } catch (const nip::core::PluginError& e) {
        const std::string message = e.what();
        BOOST_TEST(contains(message, "'dup'"), message);
        BOOST_TEST(contains(message, fixture_file("duplicate", "dup_a").string()), message);
        BOOST_TEST(contains(message, fixture_file("duplicate", "dup_b").string()), message);
    }
}

// The same name in two directories: the search order decides, and the file passed over is
// named (as shadowed) rather than the name being refused.
BOOST_AUTO_TEST_CASE(the_first_directory_with_a_name_wins_and_the_later_file_is_named) {
    const auto copy_dir = nip_test::fresh_dir("shadowing");
    const auto original = fixture_file("valid", "valid");
    const auto copy = copy_dir / original.filename();
    std::filesystem::copy_file(original, copy);

    PluginRegistry copy_first({copy_dir, fixture_dir("valid")}, "", {});
    BOOST_TEST(copy_first.find("valid")->info().file == copy.string());
    BOOST_REQUIRE_EQUAL(copy_first.shadowed().size(), 1U);
    BOOST_TEST(contains(copy_first.shadowed().front(), original.string()));
    BOOST_TEST(contains(copy_first.shadowed().front(), "shadowed by '" + copy.string() + "'"));
    const auto listed = copy_first.list();
    BOOST_REQUIRE_EQUAL(listed.size(), 2U);
    BOOST_TEST(!listed[0].shadowed_by.has_value());
    BOOST_REQUIRE(listed[1].shadowed_by.has_value());
    BOOST_TEST(*listed[1].shadowed_by == copy);

    PluginRegistry original_first({fixture_dir("valid"), copy_dir}, "", {});
    BOOST_TEST(original_first.find("valid")->info().file == original.string());
    BOOST_REQUIRE_EQUAL(original_first.shadowed().size(), 1U);
    BOOST_TEST(contains(original_first.shadowed().front(), copy.string()));
}

BOOST_AUTO_TEST_CASE(unknown_name_lists_the_searched_dirs_and_available_plugins) {
    PluginRegistry registry({fixture_dir("valid"), fixture_dir("abi_major_2")}, "", {});
    try {
        registry.find("ppo_trainer");
        BOOST_FAIL("an unknown plugin was found");
    } catch (const nip::core::PluginError& e) {
        const std::string message = e.what();
        BOOST_TEST(contains(message, "No plugin named 'ppo_trainer'"), message);
        BOOST_TEST(contains(message, fixture_dir("valid").string()), message);
        BOOST_TEST(contains(message, fixture_dir("abi_major_2").string()), message);
        BOOST_TEST(contains(message, "available: valid"), message);
        BOOST_TEST(contains(message, "1 refused"), message);
        BOOST_TEST(static_cast<int>(e.code()) == static_cast<int>(nip::core::ExitCode::plugin));
    }
}

BOOST_AUTO_TEST_CASE(search_path_is_extra_dirs_then_nip_plugin_path_then_defaults) {
    const auto extra = fixture_dir("valid");
    const auto from_env_1 = fixture_dir("train_throws");
    const auto from_env_2 = fixture_dir("factory_throws");
    const auto missing = nip_test::fresh_dir("missing_parent") / "missing";
    const auto default_dir = fixture_dir("duplicate");

    // Empty entries and missing directories name nothing and are skipped.
    PluginRegistry registry({extra, missing},
                            ":" + from_env_1.string() + "::" + missing.string() + ":" +
                                from_env_2.string() + ":",
                            {missing, default_dir});
    const std::vector<std::filesystem::path> expected{extra, from_env_1, from_env_2, default_dir};
    BOOST_TEST(registry.search_path() == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_dir_given_first_is_searched_first) {
    const auto first = fixture_dir("train_throws");
    const auto second = fixture_dir("valid");
    for (const auto& [a, b] : {std::pair{first, second}, std::pair{second, first}}) {
        PluginRegistry registry({a}, b.string(), {});
        const auto candidates = registry.list();
        BOOST_REQUIRE_EQUAL(candidates.size(), 2u);
        BOOST_TEST(candidates[0].file.parent_path() == a);
        BOOST_TEST(candidates[1].file.parent_path() == b);
    }
}

BOOST_AUTO_TEST_CASE(a_dir_named_twice_is_searched_once) {
    // E.g. the same directory in --plugins-dir and NIP_PLUGIN_PATH: its plugins must not
    // look like two files claiming one name.
    const auto dir = fixture_dir("valid");
    PluginRegistry registry({dir}, dir.string() + ":" + (dir / ".").string(), {dir});
    BOOST_TEST(registry.search_path().size() == 1u);
    BOOST_TEST(registry.list().size() == 1u);
    BOOST_TEST(registry.find("valid")->info().name == "valid");
}

BOOST_AUTO_TEST_CASE(no_existing_dir_says_so) {
    const auto missing = nip_test::fresh_dir("none_exist") / "missing";
    PluginRegistry registry({missing}, missing.string(), {missing});
    BOOST_TEST(registry.search_path().empty());
    BOOST_TEST(registry.list().empty());
    try {
        registry.find("valid");
        BOOST_FAIL("a plugin was found with no directory to search");
    } catch (const nip::core::PluginError& e) {
        BOOST_TEST(contains(e.what(), "none exists"), e.what());
    }
}
