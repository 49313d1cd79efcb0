#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "test_support.hpp"

using nip_test::expect_usage_error;
using nip_test::make_document;

BOOST_AUTO_TEST_SUITE(overrides)

BOOST_AUTO_TEST_CASE(set_values_are_typed_by_their_defaults) {
    auto document = make_document();
    document.apply_override("rl.num_iterations=40");
    document.apply_override("rl.lr=0.5");
    document.apply_override("protocol.verifier_reward=2");
    document.apply_override("rl.normalise=false");
    document.apply_override("rl.optimizer=sgd");
    document.apply_override("rl.layers=[1,2]");
    document.apply_override("rl.clip=[1, 0.25]");
    BOOST_TEST(document.get_int("rl.num_iterations") == 40);
    BOOST_TEST(document.get_double("rl.lr") == 0.5);
    BOOST_TEST(document.document().at("protocol").at("verifier_reward").is_double());
    BOOST_TEST(document.get_double("protocol.verifier_reward") == 2.0);
    BOOST_TEST(document.get_bool("rl.normalise") == false);
    BOOST_TEST(document.get_string("rl.optimizer") == "sgd");
    BOOST_TEST(document.json("rl.layers") == "[1,2]");
    BOOST_TEST(document.json("rl.clip") == "[1.0,0.25]");
}

BOOST_AUTO_TEST_CASE(string_values_take_the_raw_text_with_quotes_optional) {
    auto document = make_document();
    document.apply_override("rl.optimizer=\"sgd\"");
    BOOST_TEST(document.get_string("rl.optimizer") == "sgd");
    document.apply_override("rl.optimizer=true");
    BOOST_TEST(document.get_string("rl.optimizer") == "true");
    document.apply_override("rl.optimizer=a=b");
    BOOST_TEST(document.get_string("rl.optimizer") == "a=b");
    // A null default takes a string, or null itself.
    document.apply_override("protocol.force_guess=zero");
    BOOST_TEST(document.get_string("protocol.force_guess") == "zero");
    document.apply_override("protocol.force_guess=null");
    BOOST_TEST(document.document().at("protocol").at("force_guess").is_null());
}

BOOST_AUTO_TEST_CASE(set_with_a_value_of_the_wrong_type_is_refused) {
    expect_usage_error([] { make_document().apply_override("rl.lr=abc"); },
                       {"--set rl.lr=abc: expected a number for 'rl.lr', found 'abc'"});
    expect_usage_error(
        [] { make_document().apply_override("rl.num_iterations=2.5"); },
        {"--set rl.num_iterations=2.5: expected an integer for 'rl.num_iterations', found '2.5'"});
    expect_usage_error([] { make_document().apply_override("rl.normalise=yes"); },
                       {"expected true or false for 'rl.normalise', found 'yes'"});
    expect_usage_error([] { make_document().apply_override("rl.layers=[1,\"a\"]"); },
                       {"expected a list of integers for 'rl.layers', found '[1,\"a\"]'"});
}

BOOST_AUTO_TEST_CASE(set_of_an_unknown_path_is_refused_with_a_suggestion) {
    expect_usage_error([] { make_document().apply_override("rl.lrr=0.1"); },
                       {"--set rl.lrr=0.1: unknown key 'rl.lrr' (did you mean 'rl.lr'?)"});
    expect_usage_error([] { make_document().apply_override("seed.value=1"); },
                       {"--set seed.value=1: unknown key 'seed.value'"});
}

BOOST_AUTO_TEST_CASE(set_of_a_whole_group_is_refused) {
    expect_usage_error(
        [] { make_document().apply_override(R"(protocol={"max_message_rounds":2})"); },
        {"'protocol' is a group of settings; set its keys one at a time", "e.g. --set protocol."});
}

BOOST_AUTO_TEST_CASE(set_without_an_equals_sign_is_refused) {
    expect_usage_error([] { make_document().apply_override("rl.lr"); },
                       {"--set rl.lr: expected KEY=VALUE"});
    expect_usage_error([] { make_document().apply_override("=3"); }, {"expected KEY=VALUE"});
}

BOOST_AUTO_TEST_CASE(a_later_set_overrides_the_config) {
    auto document = make_document();
    document.apply_config(boost::json::parse(R"({"seed": 1})").as_object(), "config exp.json");
    document.apply_override("seed=2");
    BOOST_TEST(document.get_int("seed") == 2);
}

BOOST_AUTO_TEST_SUITE_END()
