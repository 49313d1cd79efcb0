#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "nip/core/json_text.hpp"
#include "test_support.hpp"

namespace json = boost::json;
using nip::core::HyperParamsDocument;

BOOST_AUTO_TEST_SUITE(defaults_and_differences)

BOOST_AUTO_TEST_CASE(core_defaults_round_trip_through_saved_text) {
    const json::object defaults = nip::core::core_default_hyper_params();
    HyperParamsDocument document(defaults, nip::core::core_hyper_params_schema());
    BOOST_TEST(document.document() == defaults);

    // What a checkpoint saves reads back as the same document, types included.
    const std::string saved = nip::core::to_sorted_json(document.document(), true);
    HyperParamsDocument reloaded(defaults, nip::core::core_hyper_params_schema());
    reloaded.apply_config(nip::core::parse_json_text(saved, "saved").as_object(), "saved");
    BOOST_TEST(reloaded.document() == defaults);
    BOOST_TEST(reloaded.document().at("protocol").at("verifier_reward").is_double());
    BOOST_TEST(HyperParamsDocument::differences(defaults, reloaded.document()).empty());

    BOOST_TEST(document.get_int("seed") == 6198);
    BOOST_TEST(document.get_string("scenario") == "graph_isomorphism");
    BOOST_TEST(document.get_string("interaction_protocol") == "nip");
    BOOST_TEST(document.get_int("protocol.max_message_rounds") == 8);
    BOOST_TEST(document.get_int("protocol.min_message_rounds") == 2);
    BOOST_TEST(document.get_bool("protocol.verifier_first") == true);
    BOOST_TEST(document.get_double("protocol.verifier_incorrect_penalty") == -1.0);
    BOOST_TEST(document.get_double("protocol.verifier_no_guess_reward") == 0.0);
    BOOST_TEST(document.get_bool("protocol.shared_reward") == false);
    BOOST_TEST(document.document().at("protocol").at("force_guess").is_null());
}

BOOST_AUTO_TEST_CASE(merge_adds_plugin_keys_and_plugin_groups_join_core_groups) {
    const json::object merged = HyperParamsDocument::merge_defaults(
        json::parse(R"({"seed": 1, "protocol": {"max_message_rounds": 8}})").as_object(), "core",
        json::parse(R"({"rl": {"lr": 0.1}, "protocol": {"extra": true}})").as_object(), "plugin");
    BOOST_TEST(merged == json::parse(R"({"seed": 1, "rl": {"lr": 0.1},
                                         "protocol": {"max_message_rounds": 8, "extra": true}})"));
}

BOOST_AUTO_TEST_CASE(merge_refuses_a_key_defined_by_both) {
    nip_test::expect_usage_error(
        [] {
            HyperParamsDocument::merge_defaults(
                nip::core::core_default_hyper_params(), "core defaults",
                json::parse(R"({"protocol": {"max_message_rounds": 4}})").as_object(),
                "plugin 'ppo_trainer' (libppo_trainer.so)");
        },
        {"'protocol.max_message_rounds' is defined by both core defaults and plugin "
         "'ppo_trainer' (libppo_trainer.so)"});
    nip_test::expect_usage_error(
        [] {
            HyperParamsDocument::merge_defaults(json::parse(R"({"rl": {"lr": 1.0}})").as_object(),
                                                "core", json::parse(R"({"rl": 3})").as_object(),
                                                "plugin");
        },
        {"'rl' is defined by both core and plugin"});
    nip_test::expect_usage_error(
        [] {
            HyperParamsDocument::merge_defaults(
                json::object(), "core", json::parse(R"({"rl.lr": 1.0})").as_object(), "plugin 'x'");
        },
        {"plugin 'x': key 'rl.lr'"});
}

BOOST_AUTO_TEST_CASE(differences_list_changed_added_and_removed_keys_in_path_order) {
    const json::object before =
        json::parse(
            R"({"rl": {"lr": 0.003, "n": 1}, "seed": 1, "old": {"x": true}, "same": [1, 2]})")
            .as_object();
    const json::object after =
        json::parse(
            R"({"rl": {"lr": 0.001, "n": 1.0}, "seed": 1, "new": {"y": "a"}, "same": [1, 2]})")
            .as_object();
    const std::vector<std::string> expected{"new.y: added", "old.x: removed",
                                            "rl.lr: 0.003 -> 0.001"};
    BOOST_TEST(HyperParamsDocument::differences(before, after) == expected,
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
