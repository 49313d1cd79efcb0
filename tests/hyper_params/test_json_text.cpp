#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "nip/core/json_text.hpp"
#include "test_support.hpp"

namespace json = boost::json;
using nip::core::parse_json_text;
using nip::core::to_sorted_json;

BOOST_AUTO_TEST_SUITE(json_text)

BOOST_AUTO_TEST_CASE(sorts_object_keys_at_every_depth) {
    const json::value v = json::parse(R"({"b": 1, "a": {"d": [{"z": 1, "y": 2}], "c": "x"}})");
    BOOST_TEST(to_sorted_json(v, false) == R"({"a":{"c":"x","d":[{"y":2,"z":1}]},"b":1})");
}

BOOST_AUTO_TEST_CASE(indented_form_uses_two_spaces_and_ends_with_a_newline) {
    const json::value v = json::parse(R"({"b": [1, 2], "a": {}, "c": []})");
    BOOST_TEST(to_sorted_json(v, true) == "{\n"
                                          "  \"a\": {},\n"
                                          "  \"b\": [\n"
                                          "    1,\n"
                                          "    2\n"
                                          "  ],\n"
                                          "  \"c\": []\n"
                                          "}\n");
}

BOOST_AUTO_TEST_CASE(doubles_read_back_as_doubles_and_print_shortest) {
    const json::value v = json::parse(R"({"whole": 1.0, "small": 0.003, "negative": -2.5})");
    const std::string text = to_sorted_json(v, false);
    BOOST_TEST(text == R"({"negative":-2.5,"small":0.003,"whole":1.0})");
    BOOST_TEST(json::parse(text).at("whole").is_double());
    BOOST_TEST(json::parse(text) == v);
}

BOOST_AUTO_TEST_CASE(strings_are_escaped) {
    const json::value v = json::parse(R"({"quote\"key": "line\nbreak"})");
    BOOST_TEST(to_sorted_json(v, false) == R"({"quote\"key":"line\nbreak"})");
}

BOOST_AUTO_TEST_CASE(malformed_json_reports_line_and_column) {
    nip_test::expect_usage_error(
        [] { parse_json_text("{\n  \"a\": 1,\n  \"b\": tru\n}", "exp.json"); },
        {"exp.json: not valid JSON at line 3, column 11"});
    nip_test::expect_usage_error([] { parse_json_text("{\"a\": 1,}", "x"); },
                                 {"x: not valid JSON at line 1, column 9"});
    nip_test::expect_usage_error([] { parse_json_text("{\"a\": 1} 2", "x"); },
                                 {"at line 1, column 10"});
    nip_test::expect_usage_error([] { parse_json_text("{\"a\": [1,\n", "x"); },
                                 {"at line 2, column 1"});
}

BOOST_AUTO_TEST_CASE(valid_json_parses) {
    BOOST_TEST(parse_json_text(" {\"a\": [1, 2.5]} \n", "x") == json::parse(R"({"a":[1,2.5]})"));
}

BOOST_AUTO_TEST_SUITE_END()
