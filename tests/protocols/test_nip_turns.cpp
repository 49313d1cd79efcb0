// Who speaks when under nip, and what the batched active mask says.
#include <boost/test/unit_test.hpp>

#include "nip/core/protocols/nip_protocol.hpp"

using nip::core::NipProtocol;

BOOST_AUTO_TEST_CASE(verifier_first_speaks_on_even_rounds) {
    const NipProtocol protocol(8, 1, true);
    for (std::int64_t round = 0; round < 8; ++round) {
        BOOST_TEST(protocol.is_active(NipProtocol::verifier, round, 0) == (round % 2 == 0));
        BOOST_TEST(protocol.is_active(NipProtocol::prover, round, 0) == (round % 2 == 1));
    }
    BOOST_TEST(!protocol.is_active(NipProtocol::verifier, 8, 0));
    BOOST_TEST(!protocol.is_active(NipProtocol::prover, 9, 0));
}

BOOST_AUTO_TEST_CASE(prover_first_swaps_the_turns) {
    const NipProtocol protocol(8, 1, false);
    BOOST_TEST(protocol.is_active(NipProtocol::prover, 0, 0));
    BOOST_TEST(!protocol.is_active(NipProtocol::verifier, 0, 0));
    BOOST_TEST(protocol.is_active(NipProtocol::verifier, 1, 0));
}

BOOST_AUTO_TEST_CASE(active_mask_matches_is_active) {
    const NipProtocol protocol(8, 1, true);
    const auto rounds = torch::arange(0, 9, torch::kInt64);
    const auto mask = protocol.active_mask(rounds);
    BOOST_TEST(mask.sizes() == torch::IntArrayRef({9, 2, 1}));
    for (std::int64_t round = 0; round < 9; ++round) {
        for (std::size_t agent = 0; agent < 2; ++agent) {
            BOOST_TEST(mask[round][static_cast<std::int64_t>(agent)][0].item<bool>() ==
                       protocol.is_active(agent, round, 0));
        }
    }
}

BOOST_AUTO_TEST_CASE(one_channel_seen_by_both) {
    const NipProtocol protocol(8, 1, true);
    BOOST_TEST(protocol.agent_names() == (std::vector<std::string>{"prover", "verifier"}));
    BOOST_TEST(protocol.message_channel_names().size() == 1U);
    BOOST_TEST(protocol.can_see_channel(NipProtocol::prover, 0));
    BOOST_TEST(protocol.can_see_channel(NipProtocol::verifier, 0));
    BOOST_TEST(protocol.is_verifier(NipProtocol::verifier));
    BOOST_TEST(!protocol.is_verifier(NipProtocol::prover));
}
