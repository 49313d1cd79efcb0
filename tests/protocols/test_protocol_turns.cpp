// Who speaks when, in which channel, and who sees what, for every protocol, as tables
// read off the original's is_agent_active and agent_channel_visibility.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "nip/core/protocols/adp_protocol.hpp"
#include "nip/core/protocols/debate_protocol.hpp"
#include "nip/core/protocols/merlin_arthur_protocol.hpp"
#include "nip/core/protocols/mnip_protocol.hpp"
#include "nip/core/protocols/solo_verifier_protocol.hpp"

namespace {

using namespace nip::core;

// The round's writers as "agent@channel ..." in agent then channel order, e.g.
// "prover0@prover0_channel verifier@prover1_channel".
std::string writers(const nip::sdk::ProtocolHandler& protocol, std::int64_t round,
                    std::int64_t seed = 0) {
    std::string text;
    for (std::size_t a = 0; a < protocol.agent_names().size(); ++a) {
        for (std::size_t c = 0; c < protocol.message_channel_names().size(); ++c) {
            if (protocol.is_active(a, round, c, seed)) {
                text += (text.empty() ? "" : " ") + protocol.agent_names()[a] + "@" +
                        protocol.message_channel_names()[c];
            }
        }
    }
    return text;
}

const std::string verifier_both = "verifier@prover0_channel verifier@prover1_channel";
const std::string prover0_own = "prover0@prover0_channel";
const std::string prover1_own = "prover1@prover1_channel";
const std::string provers_both = prover0_own + " " + prover1_own;

void expect_turns(const nip::sdk::ProtocolHandler& protocol,
                  const std::vector<std::string>& expected) {
    for (std::size_t round = 0; round < expected.size(); ++round) {
        BOOST_TEST_INFO(protocol.name() << " round " << round);
        BOOST_TEST(writers(protocol, static_cast<std::int64_t>(round)) == expected[round]);
    }
    // Nobody speaks past the last round.
    BOOST_TEST(writers(protocol, protocol.max_message_rounds()) == "");
}

// The batched mask agrees with is_active, game by game.
void expect_mask_matches(const nip::sdk::ProtocolHandler& protocol) {
    const auto rounds = torch::arange(0, protocol.max_message_rounds() + 1, torch::kInt64);
    const auto seeds = torch::arange(0, rounds.size(0), torch::kInt64) * 3;
    const auto mask = protocol.active_mask(rounds, seeds);
    for (std::int64_t g = 0; g < rounds.size(0); ++g) {
        for (std::size_t a = 0; a < protocol.agent_names().size(); ++a) {
            for (std::size_t c = 0; c < protocol.message_channel_names().size(); ++c) {
                BOOST_TEST(mask[g][static_cast<std::int64_t>(a)][static_cast<std::int64_t>(c)]
                               .item<bool>() ==
                           protocol.is_active(a, rounds[g].item<std::int64_t>(), c,
                                              seeds[g].item<std::int64_t>()));
            }
        }
    }
}

} // namespace

BOOST_AUTO_TEST_CASE(adp_prover_then_verifier_in_two_rounds) {
    const AdpProtocol protocol;
    BOOST_TEST(protocol.name() == "adp");
    BOOST_TEST(protocol.max_message_rounds() == 2);
    BOOST_TEST(protocol.min_message_rounds() == 1);
    expect_turns(protocol, {"prover@main", "verifier@main"});
    expect_mask_matches(protocol);
}

BOOST_AUTO_TEST_CASE(debate_simultaneous_verifier_first) {
    const DebateProtocol protocol(8, 1, TwoProverTurns{true, false, true});
    BOOST_TEST(protocol.agent_names() ==
               (std::vector<std::string>{"prover0", "prover1", "verifier"}));
    expect_turns(protocol, {verifier_both, provers_both, verifier_both, provers_both, verifier_both,
                            provers_both, verifier_both, provers_both});
    expect_mask_matches(protocol);
}

BOOST_AUTO_TEST_CASE(debate_sequential_periods_of_three) {
    const DebateProtocol prover0_first(8, 1, TwoProverTurns{true, true, true});
    expect_turns(prover0_first, {verifier_both, prover0_own, prover1_own, verifier_both,
                                 prover0_own, prover1_own, verifier_both, prover0_own});
    const DebateProtocol prover1_first(8, 1, TwoProverTurns{true, true, false});
    expect_turns(prover1_first, {verifier_both, prover1_own, prover0_own, verifier_both});
    const DebateProtocol provers_first(6, 1, TwoProverTurns{false, true, true});
    expect_turns(provers_first, {prover0_own, prover1_own, verifier_both, prover0_own, prover1_own,
                                 verifier_both});
    expect_mask_matches(provers_first);
}

BOOST_AUTO_TEST_CASE(debate_simultaneous_provers_first) {
    const DebateProtocol protocol(4, 1, TwoProverTurns{false, false, true});
    expect_turns(protocol, {provers_both, verifier_both, provers_both, verifier_both});
}

BOOST_AUTO_TEST_CASE(debate_everyone_sees_both_channels) {
    const DebateProtocol protocol(8, 1, TwoProverTurns{});
    for (std::size_t a = 0; a < 3; ++a) {
        for (std::size_t c = 0; c < 2; ++c) {
            BOOST_TEST(protocol.can_see_channel(a, c));
        }
        BOOST_TEST(!protocol.can_see_channel(a, 2));
    }
    BOOST_TEST(protocol.is_verifier(TwoProverTurns::verifier));
    BOOST_TEST(!protocol.is_verifier(TwoProverTurns::prover0));
    BOOST_TEST(!protocol.is_verifier(TwoProverTurns::prover1));
}

BOOST_AUTO_TEST_CASE(mnip_turns_as_debate_but_each_prover_sees_only_its_channel) {
    const MnipProtocol protocol(8, 1, TwoProverTurns{true, false, true});
    expect_turns(protocol, {verifier_both, provers_both, verifier_both, provers_both});
    const MnipProtocol sequential(8, 1, TwoProverTurns{true, true, true});
    expect_turns(sequential, {verifier_both, prover0_own, prover1_own, verifier_both});
    BOOST_TEST(protocol.can_see_channel(TwoProverTurns::prover0, 0));
    BOOST_TEST(!protocol.can_see_channel(TwoProverTurns::prover0, 1));
    BOOST_TEST(!protocol.can_see_channel(TwoProverTurns::prover1, 0));
    BOOST_TEST(protocol.can_see_channel(TwoProverTurns::prover1, 1));
    BOOST_TEST(protocol.can_see_channel(TwoProverTurns::verifier, 0));
    BOOST_TEST(protocol.can_see_channel(TwoProverTurns::verifier, 1));
    expect_mask_matches(protocol);
}

BOOST_AUTO_TEST_CASE(merlin_arthur_one_prover_chosen_by_the_seed) {
    const MerlinArthurProtocol protocol;
    BOOST_TEST(protocol.max_message_rounds() == 2);
    // An even seed: prover1 speaks at round 0; odd: prover0 (the original's seed % 2 == 0).
    BOOST_TEST(writers(protocol, 0, 4) == "prover1@main");
    BOOST_TEST(writers(protocol, 0, 7) == "prover0@main");
    BOOST_TEST(writers(protocol, 1, 4) == "verifier@main");
    BOOST_TEST(writers(protocol, 1, 7) == "verifier@main");
    BOOST_TEST(writers(protocol, 2, 4) == "");
    for (std::size_t a = 0; a < 3; ++a) {
        BOOST_TEST(protocol.can_see_channel(a, 0));
    }
    expect_mask_matches(protocol);
    // The verifier's decision counts at round 1 only.
    const auto decides = protocol.decision_mask(torch::tensor({std::int64_t{0}, std::int64_t{1}}),
                                                torch::tensor({std::int64_t{2}, std::int64_t{2}}));
    BOOST_TEST(!decides[0][2].item<bool>());
    BOOST_TEST(decides[1][2].item<bool>());
    BOOST_TEST(!decides[1][1].item<bool>());
}

BOOST_AUTO_TEST_CASE(solo_verifier_alone_at_round_zero) {
    const SoloVerifierProtocol protocol;
    BOOST_TEST(protocol.agent_names() == (std::vector<std::string>{"verifier"}));
    expect_turns(protocol, {"verifier@main", ""});
    BOOST_TEST(protocol.can_see_channel(0, 0));
    BOOST_TEST(protocol.is_verifier(0));
    const auto decides = protocol.decision_mask(torch::tensor({std::int64_t{0}}));
    BOOST_TEST(decides[0][0].item<bool>());
}
