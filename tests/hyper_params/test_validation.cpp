#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "test_support.hpp"

namespace json = boost::json;
using nip::core::HyperParamsDocument;
using nip_test::expect_usage_error;
using nip_test::make_document;

BOOST_AUTO_TEST_SUITE(validation)

BOOST_AUTO_TEST_CASE(defaults_are_valid) {
    BOOST_CHECK_NO_THROW(make_document().validate());
    HyperParamsDocument core_only(nip::core::core_default_hyper_params(),
                                  nip::core::core_hyper_params_schema());
    BOOST_CHECK_NO_THROW(core_only.validate());
}

BOOST_AUTO_TEST_CASE(range_violations_name_the_key_range_value_and_source) {
    auto document = make_document();
    document.apply_override("seed=-1");
    expect_usage_error([&] { document.validate(); },
                       {"--set seed=-1: 'seed' must be >= 0, found -1"});

    auto zero_rounds = make_document();
    zero_rounds.apply_config(
        json::parse(R"({"protocol": {"max_message_rounds": 0, "min_message_rounds": 0}})")
            .as_object(),
        "config exp.json");
    expect_usage_error([&] { zero_rounds.validate(); },
                       {"config exp.json: 'protocol.max_message_rounds' must be >= 1, found 0"});

    auto zero_lr = make_document();
    zero_lr.apply_override("rl.lr=0");
    expect_usage_error([&] { zero_lr.validate(); },
                       {"'rl.lr' must be in the range (0, 1], found 0.0"});
    auto big_lr = make_document();
    big_lr.apply_override("rl.lr=1");
    BOOST_CHECK_NO_THROW(big_lr.validate());
    big_lr.apply_override("rl.lr=1.5");
    expect_usage_error([&] { big_lr.validate(); }, {"found 1.5"});

    auto clip = make_document();
    clip.apply_override("rl.clip=[0.5,-0.1]");
    expect_usage_error([&] { clip.validate(); }, {"'rl.clip' element 1 must be >= 0, found -0.1"});
}

BOOST_AUTO_TEST_CASE(choices_violations_list_the_choices) {
    auto document = make_document();
    document.apply_override("scenario=image_classification");
    expect_usage_error([&] { document.validate(); },
                       {"--set scenario=image_classification: 'scenario' must be one of "
                        "\"graph_isomorphism\", found \"image_classification\""});

    auto guess = make_document();
    guess.apply_override("protocol.force_guess=two");
    expect_usage_error([&] { guess.validate(); },
                       {"'protocol.force_guess' must be one of \"zero\", \"one\", \"y\" or null, "
                        "found \"two\""});
    guess.apply_override("protocol.force_guess=one");
    BOOST_CHECK_NO_THROW(guess.validate());
}

BOOST_AUTO_TEST_CASE(min_rounds_above_max_rounds_names_both_keys_and_sources) {
    auto document = make_document();
    document.apply_config(json::parse(R"({"protocol": {"min_message_rounds": 5}})").as_object(),
                          "config exp.json");
    document.apply_override("protocol.max_message_rounds=3");
    expect_usage_error([&] { document.validate(); },
                       {"config exp.json and --set protocol.max_message_rounds=3: "
                        "'protocol.min_message_rounds' (5) must be <= "
                        "'protocol.max_message_rounds' (3)"});
    document.apply_override("protocol.max_message_rounds=5");
    BOOST_CHECK_NO_THROW(document.validate());
}

BOOST_AUTO_TEST_CASE(a_malformed_schema_is_a_programming_error) {
    const auto defaults = nip::core::core_default_hyper_params();
    const auto schema_with = [](const char* text) { return json::parse(text).as_object(); };
    nip_test::expect_error<std::logic_error>(
        [&] { HyperParamsDocument(defaults, schema_with(R"({"sed": {"min": 0}})")); },
        {"'sed'", "no such key"});
    nip_test::expect_error<std::logic_error>(
        [&] { HyperParamsDocument(defaults, schema_with(R"({"seed": {"minimum": 0}})")); },
        {"unknown rule 'minimum'"});
    nip_test::expect_error<std::logic_error>(
        [&] { HyperParamsDocument(defaults, schema_with(R"({"scenario": {"min": 0}})")); },
        {"'scenario'", "only on numbers"});
}

BOOST_AUTO_TEST_SUITE_END()
