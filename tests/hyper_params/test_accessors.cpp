#include <stdexcept>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "test_support.hpp"

using nip_test::expect_error;
using nip_test::make_document;

BOOST_AUTO_TEST_SUITE(accessors)

BOOST_AUTO_TEST_CASE(getters_read_typed_values_and_integers_widen_to_doubles) {
    const auto document = make_document();
    BOOST_TEST(document.has("rl.lr"));
    BOOST_TEST(document.has("protocol"));
    BOOST_TEST(!document.has("rl.missing"));
    BOOST_TEST(!document.has("seed.deeper"));
    BOOST_TEST(document.get_int("rl.num_iterations") == 10);
    BOOST_TEST(document.get_double("rl.num_iterations") == 10.0);
    BOOST_TEST(document.get_double("rl.lr") == 0.003);
    BOOST_TEST(document.get_bool("rl.normalise"));
    BOOST_TEST(document.get_string("rl.optimizer") == "adam");
    const std::vector<double> layers{64.0, 64.0};
    BOOST_TEST(document.get_double_list("rl.layers") == layers, boost::test_tools::per_element());
    const std::vector<double> clip{0.1, 0.2};
    BOOST_TEST(document.get_double_list("rl.clip") == clip, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(json_gives_sorted_text_of_the_document_or_a_subtree) {
    const auto document = make_document();
    BOOST_TEST(document.json("rl") == R"({"clip":[0.1,0.2],"layers":[64,64],"lr":0.003,)"
                                      R"("normalise":true,"num_iterations":10,"optimizer":"adam",)"
                                      R"("tags":[]})");
    BOOST_TEST(document.json("seed") == "6198");
    const std::string whole = document.json();
    // Keys sorted at every level: "dataset" < "interaction_protocol" < "protocol".
    const auto dataset = whole.find(R"("dataset":{)");
    const auto protocol = whole.find(R"("interaction_protocol":"nip","protocol":{)");
    BOOST_TEST(dataset == 1U);
    BOOST_TEST(protocol != std::string::npos);
    BOOST_TEST(dataset < protocol);
}

BOOST_AUTO_TEST_CASE(missing_paths_and_wrong_types_are_logic_errors_naming_the_path) {
    const auto document = make_document();
    expect_error<std::logic_error>([&] { document.get_int("rl.iterations"); },
                                   {"'rl.iterations' does not exist"});
    expect_error<std::logic_error>([&] { document.json("nope"); }, {"'nope' does not exist"});
    expect_error<std::logic_error>([&] { document.get_int("rl.lr"); },
                                   {"'rl.lr' is 0.003, not an integer"});
    expect_error<std::logic_error>([&] { document.get_bool("seed"); },
                                   {"'seed' is 6198, not true or false"});
    expect_error<std::logic_error>([&] { document.get_string("protocol.force_guess"); },
                                   {"'protocol.force_guess' is null, not a string"});
    expect_error<std::logic_error>([&] { document.get_double("scenario"); },
                                   {"'scenario' is \"graph_isomorphism\", not a number"});
    expect_error<std::logic_error>([&] { document.get_double_list("rl.optimizer"); },
                                   {"'rl.optimizer' is \"adam\", not a list of numbers"});
}

BOOST_AUTO_TEST_SUITE_END()
