// Protocols built by name from the hyper-parameters: every name the schema accepts
// builds, the protocol's own keys reach it, and rounds a protocol cannot play are refused.
#include <boost/test/unit_test.hpp>

#include <string>

#include "nip/core/errors.hpp"
#include "nip/core/hyper_params.hpp"
#include "nip/core/protocols/protocol_factory.hpp"

namespace {

using nip::core::HyperParamsDocument;

HyperParamsDocument core_document() {
    return HyperParamsDocument(nip::core::core_default_hyper_params(),
                               nip::core::core_hyper_params_schema());
}

bool message_contains(const nip::core::UsageError& error, const std::string& text) {
    return std::string(error.what()).find(text) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_CASE(every_protocol_builds_by_name_with_its_agents) {
    const std::pair<const char*, std::vector<std::string>> expected[] = {
        {"nip", {"prover", "verifier"}},
        {"adp", {"prover", "verifier"}},
        {"debate", {"prover0", "prover1", "verifier"}},
        {"mnip", {"prover0", "prover1", "verifier"}},
        {"merlin_arthur", {"prover0", "prover1", "verifier"}},
        {"solo_verifier", {"verifier"}},
    };
    BOOST_TEST(nip::core::protocol_names().size() == std::size(expected));
    for (const auto& [name, agents] : expected) {
        auto document = core_document();
        document.apply_override(std::string("interaction_protocol=") + name);
        if (const auto fixed = nip::core::fixed_rounds(name)) {
            document.set_derived("protocol.max_message_rounds", fixed->max, "test");
            document.set_derived("protocol.min_message_rounds", fixed->min, "test");
        }
        document.validate();
        const auto protocol = nip::core::make_protocol_handler(document);
        BOOST_TEST(protocol->name() == name);
        BOOST_TEST(protocol->agent_names() == agents);
    }
}

BOOST_AUTO_TEST_CASE(long_protocols_take_the_rounds_asked_for) {
    for (const char* name : {"nip", "debate", "mnip"}) {
        BOOST_TEST(!nip::core::fixed_rounds(name));
        auto document = core_document();
        document.apply_override(std::string("interaction_protocol=") + name);
        document.apply_override("protocol.max_message_rounds=5");
        document.apply_override("protocol.min_message_rounds=3");
        const auto protocol = nip::core::make_protocol_handler(document);
        BOOST_TEST(protocol->max_message_rounds() == 5);
        BOOST_TEST(protocol->min_message_rounds() == 3);
    }
}

BOOST_AUTO_TEST_CASE(fixed_round_protocols_refuse_other_rounds) {
    for (const char* name : {"adp", "merlin_arthur", "solo_verifier"}) {
        const auto fixed = nip::core::fixed_rounds(name);
        BOOST_REQUIRE(fixed);
        BOOST_TEST(fixed->max == 2);
        BOOST_TEST(fixed->min == 1);
        auto document = core_document();
        document.apply_override(std::string("interaction_protocol=") + name);
        document.apply_override("protocol.max_message_rounds=5");
        document.set_derived("protocol.min_message_rounds", 1, "test");
        BOOST_CHECK_EXCEPTION(nip::core::make_protocol_handler(document), nip::core::UsageError,
                              [&](const nip::core::UsageError& e) {
                                  return message_contains(e, "protocol.max_message_rounds=5") &&
                                         message_contains(e, name) &&
                                         message_contains(e, "exactly 2");
                              });
    }
}

BOOST_AUTO_TEST_CASE(debate_and_mnip_read_their_own_turn_keys) {
    for (const char* name : {"debate", "mnip"}) {
        auto document = core_document();
        document.apply_override(std::string("interaction_protocol=") + name);
        document.apply_override(std::string("protocol.") + name + ".sequential=true");
        document.apply_override(std::string("protocol.") + name + ".prover0_first=false");
        const auto protocol = nip::core::make_protocol_handler(document);
        // Verifier first, sequential, prover1 first: verifier, prover1, prover0.
        BOOST_TEST(protocol->is_active(2, 0, 0));
        BOOST_TEST(protocol->is_active(1, 1, 1));
        BOOST_TEST(!protocol->is_active(0, 1, 0));
        BOOST_TEST(protocol->is_active(0, 2, 0));
    }
}

BOOST_AUTO_TEST_CASE(unknown_protocol_names_the_available_ones) {
    auto document = core_document();
    document.apply_override("interaction_protocol=pvg");
    BOOST_CHECK_THROW(document.validate(), nip::core::UsageError);
    BOOST_CHECK_EXCEPTION(nip::core::make_protocol_handler(document), nip::core::UsageError,
                          [](const nip::core::UsageError& e) {
                              return message_contains(e, "'pvg'") &&
                                     message_contains(e, "debate") &&
                                     message_contains(e, "solo_verifier");
                          });
}
