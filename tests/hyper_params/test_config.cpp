#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "test_support.hpp"

namespace json = boost::json;
using nip_test::expect_usage_error;
using nip_test::make_document;
using nip_test::write_config;

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(config_file_overrides_a_nested_key_and_keeps_the_rest) {
    auto document = make_document();
    document.apply_config_file(
        write_config("nested.json", R"({"protocol": {"max_message_rounds": 4},
                                                              "rl": {"lr": 0.001}})"));
    BOOST_TEST(document.get_int("protocol.max_message_rounds") == 4);
    BOOST_TEST(document.get_double("rl.lr") == 0.001);
    BOOST_TEST(document.get_int("protocol.min_message_rounds") == 2);
    BOOST_TEST(document.get_int("seed") == 6198);
    BOOST_TEST(document.get_int("rl.num_iterations") == 10);
}

BOOST_AUTO_TEST_CASE(unknown_key_is_refused_with_path_and_suggestion) {
    const auto typo = write_config("typo.json", R"({"protocol": {"max_mesage_rounds": 3}})");
    expect_usage_error([&] { make_document().apply_config_file(typo); },
                       {"config " + typo.string() +
                        ": unknown key 'protocol.max_mesage_rounds' "
                        "(did you mean 'protocol.max_message_rounds'?)"});
    expect_usage_error(
        [] {
            make_document().apply_config(
                json::parse(R"({"rl": {"learning_rate": 0.1}})").as_object(), "config exp.json");
        },
        {"config exp.json: unknown key 'rl.learning_rate' (did you mean 'rl.lr'?)"});
    expect_usage_error(
        [] {
            make_document().apply_config(json::parse(R"({"max_message_rounds": 3})").as_object(),
                                         "config exp.json");
        },
        {"unknown key 'max_message_rounds' (did you mean 'protocol.max_message_rounds'?)"});
    expect_usage_error(
        [] {
            make_document().apply_config(json::parse(R"({"zebra": 3})").as_object(),
                                         "config exp.json");
        },
        {"unknown key 'zebra' (no hyper-parameter has a similar name)"});
}

BOOST_AUTO_TEST_CASE(dotted_key_in_a_config_is_refused_with_the_nested_form) {
    expect_usage_error(
        [] {
            make_document().apply_config(json::parse(R"({"rl.lr": 0.1})").as_object(),
                                         "config exp.json");
        },
        {"config exp.json: key 'rl.lr' is written as a dotted path", R"({"rl": {"lr": ...}})"});
}

BOOST_AUTO_TEST_CASE(wrong_types_are_refused_and_integers_widen_to_numbers) {
    const auto apply = [](const std::string& text) {
        auto document = make_document();
        document.apply_config(json::parse(text).as_object(), "config exp.json");
        return document;
    };
    expect_usage_error([&] { apply(R"({"rl": {"num_iterations": "ten"}})"); },
                       {"config exp.json: 'rl.num_iterations' must be an integer, found \"ten\""});
    expect_usage_error([&] { apply(R"({"rl": {"num_iterations": 2.5}})"); },
                       {"config exp.json: 'rl.num_iterations' must be an integer, found 2.5"});
    expect_usage_error([&] { apply(R"({"rl": {"normalise": 1}})"); },
                       {"'rl.normalise' must be true or false, found 1"});
    expect_usage_error([&] { apply(R"({"rl": {"lr": "0.1"}})"); },
                       {"'rl.lr' must be a number, found \"0.1\""});
    expect_usage_error([&] { apply(R"({"rl": {"layers": [64, 32.5]}})"); },
                       {"'rl.layers' must be a list of integers, found [64,32.5]"});
    expect_usage_error([&] { apply(R"({"protocol": 3})"); },
                       {"'protocol' must be an object (a group of settings), found 3"});
    expect_usage_error([&] { apply(R"({"protocol": {"force_guess": 1}})"); },
                       {"'protocol.force_guess' must be a string or null, found 1"});

    const auto widened =
        apply(R"({"rl": {"lr": 1, "clip": [1, 0.5]}, "protocol": {"force_guess": "y"}})");
    BOOST_TEST(widened.document().at("rl").at("lr").is_double());
    BOOST_TEST(widened.get_double("rl.lr") == 1.0);
    BOOST_TEST(widened.document().at("rl").at("clip").at(0).is_double());
    BOOST_TEST(widened.get_string("protocol.force_guess") == "y");
    // An empty default list fixes no element type.
    BOOST_TEST(apply(R"({"rl": {"tags": ["a", 1]}})").json("rl.tags") == R"(["a",1])");
}

BOOST_AUTO_TEST_CASE(a_refused_config_changes_nothing) {
    auto document = make_document();
    const json::object before = document.document();
    expect_usage_error(
        [&] {
            document.apply_config(json::parse(R"({"seed": 1, "rl": {"lr": "fast"}})").as_object(),
                                  "config exp.json");
        },
        {"'rl.lr'"});
    BOOST_TEST(document.document() == before);
}

BOOST_AUTO_TEST_CASE(malformed_config_file_reports_its_path_line_and_column) {
    const auto path = write_config("broken.json", "{\n  \"seed\": 1\n  \"scenario\": \"x\"\n}\n");
    expect_usage_error([&] { make_document().apply_config_file(path); },
                       {"config " + path.string() + ": not valid JSON at line 3, column 3"});
}

BOOST_AUTO_TEST_CASE(missing_file_and_non_object_documents_are_refused) {
    const auto missing = std::filesystem::path(NIP_TEST_BINARY_DIR) / "no_such_config.json";
    expect_usage_error([&] { make_document().apply_config_file(missing); },
                       {"config " + missing.string() + ": no such file"});
    const auto list = write_config("list.json", "[1, 2]");
    expect_usage_error([&] { make_document().apply_config_file(list); },
                       {"expected a JSON object of hyper-parameters, found [1,2]"});
}

BOOST_AUTO_TEST_SUITE_END()
