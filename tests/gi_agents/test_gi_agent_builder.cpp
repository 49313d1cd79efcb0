// How agents are built: seeds, determinism, which parts exist, hyper-parameters.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "gi_agent_fixtures.hpp"
#include "nip/core/errors.hpp"
#include "nip/core/hyper_params.hpp"

using namespace gi_agent_test;

namespace {

bool same_parameters(const nip::sdk::AgentParts& a, const nip::sdk::AgentParts& b) {
    const auto first = all_parameters(a);
    const auto second = all_parameters(b);
    if (first.size() != second.size()) {
        return false;
    }
    for (std::size_t i = 0; i < first.size(); ++i) {
        if (!torch::equal(first[i], second[i])) {
            return false;
        }
    }
    return true;
}

bool message_contains(const std::exception& error, const std::string& text) {
    return std::string(error.what()).find(text) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_CASE(agent_seed_is_a_fixed_function_of_run_seed_and_name) {
    // SHA-256("0:verifier") and SHA-256("12345:prover"), first 8 bytes: a change of the
    // derivation would silently change every run's initial weights.
    BOOST_TEST(nip::core::agent_seed(0, "verifier") == 0xa60cca14c4e0470eULL);
    BOOST_TEST(nip::core::agent_seed(12345, "prover") == 0x529038e771d02467ULL);
    BOOST_TEST(nip::core::agent_seed(12345, "prover") != nip::core::agent_seed(12345, "verifier"));
    BOOST_TEST(nip::core::agent_seed(12345, "prover") != nip::core::agent_seed(12346, "prover"));
}

BOOST_AUTO_TEST_CASE(one_seed_gives_bitwise_equal_parameters_whatever_ran_before) {
    const ObservationShape shape;
    torch::manual_seed(1);
    const auto first = build_parts(nip::core::GiAgentParams{}, NIP_TRAINER_RL, shape, {0, 1}, 42);
    torch::manual_seed(2);
    (void)torch::rand({100});
    const auto second = build_parts(nip::core::GiAgentParams{}, NIP_TRAINER_RL, shape, {0, 1}, 42);
    BOOST_TEST(same_parameters(first, second));

    const auto other_agent = build_parts(nip::core::GiAgentParams{}, NIP_TRAINER_RL, shape, {0, 1},
                                         nip::core::agent_seed(42, "verifier"));
    BOOST_TEST(!same_parameters(first, other_agent));
}

BOOST_AUTO_TEST_CASE(building_leaves_torchs_global_generator_untouched) {
    const ObservationShape shape;
    torch::manual_seed(5);
    const auto expected = torch::rand({8});
    torch::manual_seed(5);
    (void)build_parts(nip::core::GiAgentParams{}, NIP_TRAINER_RL, shape, {0, 1}, 42);
    BOOST_TEST(torch::equal(torch::rand({8}), expected));
}

BOOST_AUTO_TEST_CASE(the_critic_has_its_own_body_only_when_shared_body_is_false) {
    const ObservationShape shape;
    auto params = small_params();
    const auto shared = build_parts(params, NIP_TRAINER_RL, shape, {0});
    BOOST_TEST(shared.body != nullptr);
    BOOST_TEST(shared.value_body == nullptr);
    BOOST_TEST(shared.policy_head != nullptr);
    BOOST_TEST(shared.value_head != nullptr);
    BOOST_TEST(shared.solo_head == nullptr);

    params.shared_body = false;
    const auto separate = build_parts(params, NIP_TRAINER_RL, shape, {0});
    BOOST_TEST_REQUIRE(separate.value_body != nullptr);
    BOOST_TEST(separate.value_body != separate.body);
    // Each part has its own generator: adding a critic body leaves the others' weights.
    BOOST_TEST(
        torch::equal(separate.policy_head->parameters()[0], shared.policy_head->parameters()[0]));
    BOOST_TEST(!torch::equal(separate.value_body->parameters()[0], separate.body->parameters()[0]));
}

BOOST_AUTO_TEST_CASE(solo_agent_trainers_get_a_body_and_a_solo_head_only) {
    const ObservationShape shape;
    const auto parts = build_parts(small_params(), NIP_TRAINER_SOLO_AGENT, shape, {0, 1});
    BOOST_TEST(parts.body != nullptr);
    BOOST_TEST(parts.solo_head != nullptr);
    BOOST_TEST(parts.value_body == nullptr);
    BOOST_TEST(parts.policy_head == nullptr);
    BOOST_TEST(parts.value_head == nullptr);
}

BOOST_AUTO_TEST_CASE(the_gnn_depth_follows_the_parameters) {
    const ObservationShape shape;
    const auto count_gin_layers = [&shape](std::int64_t layers) {
        auto params = small_params();
        params.num_gnn_layers = layers;
        const auto parts = build_parts(params, NIP_TRAINER_RL, shape, {0});
        std::int64_t count = 0;
        for (const auto& item : parts.body->named_buffers()) {
            count += item.key().ends_with(".eps") ? 1 : 0;
        }
        // eps is fixed, as in the original: never a parameter.
        for (const auto& item : parts.body->named_parameters()) {
            count -= item.key().ends_with(".eps") ? 100 : 0;
        }
        return count;
    };
    BOOST_TEST(count_gin_layers(2) == 2);
    BOOST_TEST(count_gin_layers(5) == 5);
}

BOOST_AUTO_TEST_CASE(default_hyper_params_hold_the_gi_experiment_values) {
    const auto document = boost::json::parse(nip::core::gi_agent_default_hyper_params_json());
    const auto& agents = document.as_object();
    // One section per agent name a protocol uses: the provers of nip and adp, of debate,
    // mnip and merlin_arthur, and the verifier.
    BOOST_TEST(agents.size() == 4U);
    for (const char* prover : {"prover", "prover0", "prover1"}) {
        BOOST_TEST(agents.at(prover).at("num_gnn_layers").as_int64() == 5);
    }
    BOOST_TEST(agents.at("verifier").at("num_gnn_layers").as_int64() == 2);
    for (const char* name : {"prover", "prover0", "prover1", "verifier"}) {
        const auto& agent = agents.at(name).as_object();
        BOOST_TEST(agent.at("num_transformer_layers").as_int64() == 1);
        BOOST_TEST(agent.at("d_transformer").as_int64() == 16);
        BOOST_TEST(agent.at("num_heads").as_int64() == 4);
        BOOST_TEST(agent.at("d_gnn_hidden").as_int64() == 64);
        BOOST_TEST(agent.at("shared_body").as_bool());
        // A double, so that a config may set a fractional factor.
        BOOST_TEST(agent.at("agent_lr_factor").as_double() == 1.0);
    }

    const nip::core::HyperParamsDocument hyper_params(boost::json::object{{"agents", document}},
                                                      {});
    const auto verifier = nip::core::gi_agent_params_from(hyper_params, "verifier");
    BOOST_TEST(verifier.num_gnn_layers == 2);
    BOOST_TEST(verifier.d_gnn_input == 16);
    BOOST_TEST(verifier.d_transformer_ff == 64);
    BOOST_TEST(verifier.d_head == 16);
    BOOST_TEST(verifier.shared_body);
    BOOST_TEST(nip::core::gi_agent_params_from(hyper_params, "prover").num_gnn_layers == 5);
}

BOOST_AUTO_TEST_CASE(bad_agent_hyper_params_are_refused_naming_the_key) {
    auto document = boost::json::parse(nip::core::gi_agent_default_hyper_params_json());
    document.as_object()["verifier"].as_object()["num_heads"] = 3;
    const nip::core::HyperParamsDocument hyper_params(boost::json::object{{"agents", document}},
                                                      {});
    BOOST_CHECK_EXCEPTION(nip::core::gi_agent_params_from(hyper_params, "verifier"),
                          nip::core::UsageError, [](const nip::core::UsageError& error) {
                              return message_contains(error, "agents.verifier.num_heads");
                          });
    BOOST_CHECK_EXCEPTION(nip::core::gi_agent_params_from(hyper_params, "simulator"),
                          nip::core::UsageError, [](const nip::core::UsageError& error) {
                              return message_contains(error, "agents.simulator");
                          });
}

BOOST_AUTO_TEST_CASE(channels_out_of_range_are_refused) {
    const ObservationShape shape;
    BOOST_CHECK_THROW(build_parts(small_params(), NIP_TRAINER_RL, shape, {2}),
                      std::invalid_argument);
    BOOST_CHECK_THROW(build_parts(small_params(), NIP_TRAINER_RL, shape, {0, 0}),
                      std::invalid_argument);
    BOOST_CHECK_THROW(build_parts(small_params(), 7, shape, {0}), std::invalid_argument);
}
