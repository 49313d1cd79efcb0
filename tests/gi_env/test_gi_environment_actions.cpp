// Actions that do not fit are refused with a message naming the key, what was expected
// and what was found.
#include <boost/test/unit_test.hpp>

#include "gi_env_fixtures.hpp"

using namespace gi_env_test;
using nip::core::GiEnvironment;
using nip::core::NipProtocol;

namespace {

// The message of the std::invalid_argument that `step` throws for `actions` ("" if none).
std::string refusal(GiEnvironment& env, const nip::sdk::TensorMap& actions) {
    try {
        env.step(actions);
    } catch (const std::invalid_argument& error) {
        return error.what();
    }
    return "";
}

bool has(const std::string& message, const std::string& text) {
    return message.find(text) != std::string::npos;
}

struct EnvFixture {
    NipProtocol protocol{8, 1, true};
    GiEnvironment env{dataset(), protocol, 4, 71, torch::Device(torch::kCPU)};
    EnvFixture() { env.reset(); }
};

} // namespace

BOOST_AUTO_TEST_SUITE(gi_environment_actions)

BOOST_FIXTURE_TEST_CASE(a_missing_key_is_named, EnvFixture) {
    auto actions = uniform_actions(4, 0, 2);
    actions.erase("decision");
    const auto message = refusal(env, actions);
    BOOST_TEST(has(message, "no \"decision\" tensor; expected [4, 2] int64"), message);
}

BOOST_FIXTURE_TEST_CASE(a_wrong_shape_or_dtype_is_named_with_both_shapes, EnvFixture) {
    auto actions = uniform_actions(4, 0, 2);
    actions["message"] = torch::zeros({4, 2}, torch::kInt64);
    auto message = refusal(env, actions);
    BOOST_TEST(has(message, "\"message\" has shape [4, 2] int64; expected [4, 2, 1] int64"),
               message);

    actions = uniform_actions(4, 0, 2);
    actions["decision"] = torch::full({4, 2}, 2, torch::kInt32);
    message = refusal(env, actions);
    BOOST_TEST(has(message, "\"decision\" has shape [4, 2] int32; expected [4, 2] int64"), message);

    actions = uniform_actions(4, 0, 2);
    actions["decision_logits"] = torch::zeros({4, 2, 2});
    message = refusal(env, actions);
    BOOST_TEST(has(message, "\"decision_logits\" has shape [4, 2, 2] float32; expected "
                            "[4, 2, 3] float32"),
               message);
}

BOOST_FIXTURE_TEST_CASE(out_of_range_choices_of_active_agents_are_refused, EnvFixture) {
    auto actions = uniform_actions(4, 0, 2);
    actions["message"][2][verifier][0] = message_space;
    auto message = refusal(env, actions);
    BOOST_TEST(has(message, "\"message\" is out of range at game 2, agent 1 (verifier), "
                            "channel 0; expected 0..17"),
               message);

    actions = uniform_actions(4, 0, 2);
    actions["decision"][1][verifier] = 3;
    message = refusal(env, actions);
    BOOST_TEST(has(message, "\"decision\" is out of range at game 1, agent 1 (verifier)"), message);
}

BOOST_FIXTURE_TEST_CASE(choices_of_inactive_agents_are_ignored, EnvFixture) {
    // Round 0 is the verifier's: whatever the prover holds does not matter.
    auto actions = uniform_actions(4, 0, 2);
    actions["message"].select(1, prover).fill_(-1);
    actions["decision"].select(1, prover).fill_(7);
    const auto step = env.step(actions);
    BOOST_TEST(!step.done.any().item<bool>());
    BOOST_TEST(step.next_observation.at("message_history").sum().item<float>() == 4.0F);
}

BOOST_AUTO_TEST_CASE(bad_construction_arguments_are_refused) {
    const NipProtocol protocol(8, 1, true);
    BOOST_CHECK_THROW(GiEnvironment(dataset(), protocol, 0, 1, torch::Device(torch::kCPU)),
                      std::invalid_argument);
    auto wrong = dataset();
    wrong.label = wrong.label.to(torch::kInt32);
    BOOST_CHECK_THROW(GiEnvironment(wrong, protocol, 4, 1, torch::Device(torch::kCPU)),
                      std::invalid_argument);
    BOOST_CHECK_THROW(
        GiEnvironment(nip::core::GiDataset{}, protocol, 4, 1, torch::Device(torch::kCPU)),
        std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
