// What the graph-isomorphism agents compute: shapes, masking of padding nodes and hidden
// channels, symmetry under relabelling a graph's nodes, and gradients to every weight.
#define BOOST_TEST_MODULE gi_agents
#include <boost/test/unit_test.hpp>

#include <ATen/CPUGeneratorImpl.h>
#include <torch/nn/functional/padding.h>

#include "gi_agent_fixtures.hpp"

using namespace gi_agent_test;
using nip::sdk::TensorMap;

namespace {

struct Outputs {
    TensorMap representation;
    nip::sdk::PolicyOutput policy;
    torch::Tensor value;
};

Outputs run_rl(const nip::sdk::AgentParts& parts, const TensorMap& observation) {
    Outputs outputs;
    outputs.representation = parts.body->forward(observation);
    outputs.policy = parts.policy_head->forward(outputs.representation, observation);
    const auto value_representation =
        parts.value_body ? parts.value_body->forward(observation) : outputs.representation;
    outputs.value = parts.value_head->forward(value_representation, observation);
    return outputs;
}

bool close(const torch::Tensor& a, const torch::Tensor& b, double tolerance = 1e-5) {
    return torch::equal(torch::isinf(a), torch::isinf(b)) &&
           torch::allclose(finite_part(a), finite_part(b), 0.0, tolerance);
}

} // namespace

BOOST_AUTO_TEST_CASE(outputs_have_the_sdk_shapes_and_minus_infinity_exactly_at_padding) {
    const ObservationShape shape;
    const auto parts = build_parts(nip::core::GiAgentParams{}, NIP_TRAINER_RL, shape, {0, 1});
    const auto observation = random_observation(shape, 11);
    const auto outputs = run_rl(parts, observation);
    const auto b = shape.batch;
    const auto m = 2 * shape.max_nodes;

    BOOST_TEST(outputs.representation.at("nodes").sizes() == (std::vector<std::int64_t>{b, m, 16}));
    BOOST_TEST(outputs.representation.at("pooled").sizes() == (std::vector<std::int64_t>{b, 16}));
    const auto& logits = outputs.policy.message_logits;
    BOOST_TEST(logits.sizes() == (std::vector<std::int64_t>{b, shape.num_channels, m}));
    BOOST_TEST(outputs.policy.decision_logits.sizes() == (std::vector<std::int64_t>{b, 3}));
    BOOST_TEST(outputs.value.sizes() == (std::vector<std::int64_t>{b}));

    const auto padding =
        observation.at("node_mask").logical_not().reshape({b, 1, m}).expand_as(logits);
    BOOST_TEST(torch::equal(torch::isneginf(logits), padding));
    BOOST_TEST(torch::isfinite(logits).eq(padding.logical_not()).all().item<bool>());
    BOOST_TEST(torch::isfinite(outputs.policy.decision_logits).all().item<bool>());
    BOOST_TEST(torch::isfinite(outputs.value).all().item<bool>());
}

BOOST_AUTO_TEST_CASE(padding_nodes_features_and_edges_change_nothing) {
    const ObservationShape shape;
    const auto parts = build_parts(small_params(), NIP_TRAINER_RL, shape, {0, 1});
    const auto observation = random_observation(shape, 12);
    auto disturbed = observation;
    const auto padding = observation.at("node_mask").logical_not(); // (B, 2, N)
    const auto padding_columns = padding.reshape({shape.batch, 1, 1, 2 * shape.max_nodes})
                                     .expand_as(observation.at("message_history"));
    disturbed["message_history"] =
        torch::where(padding_columns, torch::full_like(observation.at("message_history"), 7.5),
                     observation.at("message_history"));
    disturbed["message"] = torch::where(
        padding.reshape({shape.batch, 1, 2 * shape.max_nodes}).expand_as(observation.at("message")),
        torch::full_like(observation.at("message"), -4.5), observation.at("message"));
    const auto touches_padding = padding.unsqueeze(-1) | padding.unsqueeze(-2);
    disturbed["adjacency"] =
        torch::where(touches_padding, torch::ones_like(observation.at("adjacency")),
                     observation.at("adjacency"));
    BOOST_REQUIRE(!torch::equal(disturbed.at("adjacency"), observation.at("adjacency")));

    const auto original = run_rl(parts, observation);
    const auto changed = run_rl(parts, disturbed);
    BOOST_TEST(close(original.policy.message_logits, changed.policy.message_logits, 1e-6));
    BOOST_TEST(close(original.policy.decision_logits, changed.policy.decision_logits, 1e-6));
    BOOST_TEST(close(original.value, changed.value, 1e-6));
    BOOST_TEST(
        close(original.representation.at("nodes"), changed.representation.at("nodes"), 1e-6));
}

BOOST_AUTO_TEST_CASE(more_padding_changes_nothing_because_padding_is_never_attended_to) {
    // The weights do not depend on max_nodes, so one seed gives the same agent for N and N + 3;
    // padding the same graphs further must leave every output on real nodes as it was.
    const ObservationShape shape;
    auto wider_shape = shape;
    wider_shape.max_nodes = shape.max_nodes + 3;
    const auto parts = build_parts(nip::core::GiAgentParams{}, NIP_TRAINER_RL, shape, {0, 1}, 5);
    const auto wider_parts =
        build_parts(nip::core::GiAgentParams{}, NIP_TRAINER_RL, wider_shape, {0, 1}, 5);
    const auto observation = random_observation(shape, 17);

    const auto b = shape.batch;
    const auto n = shape.max_nodes;
    const auto extra = wider_shape.max_nodes - n;
    namespace F = torch::nn::functional;
    const auto pad_nodes = [&](const torch::Tensor& per_node, std::vector<std::int64_t> padding) {
        return F::pad(per_node, F::PadFuncOptions(std::move(padding)));
    };
    auto wider = observation;
    wider["adjacency"] = pad_nodes(observation.at("adjacency"), {0, extra, 0, extra});
    wider["node_mask"] =
        pad_nodes(observation.at("node_mask").to(torch::kFloat32), {0, extra}).to(torch::kBool);
    wider["message_history"] =
        pad_nodes(observation.at("message_history").unflatten(3, {2, n}), {0, extra}).flatten(3, 4);
    wider["message"] =
        pad_nodes(observation.at("message").unflatten(2, {2, n}), {0, extra}).flatten(2, 3);

    const auto original = run_rl(parts, observation);
    const auto padded = run_rl(wider_parts, wider);
    const auto real_columns = [&](const torch::Tensor& logits, std::int64_t nodes) {
        return logits.unflatten(2, {2, nodes}).narrow(3, 0, n).reshape({b, -1, 2 * n});
    };
    BOOST_TEST(close(real_columns(padded.policy.message_logits, wider_shape.max_nodes),
                     original.policy.message_logits));
    BOOST_TEST(close(padded.policy.decision_logits, original.policy.decision_logits));
    BOOST_TEST(close(padded.value, original.value));
}

BOOST_AUTO_TEST_CASE(channels_the_agent_cannot_see_change_nothing) {
    const ObservationShape shape;
    const auto parts = build_parts(small_params(), NIP_TRAINER_RL, shape, {1});
    const auto observation = random_observation(shape, 13);
    // The observation with `key`'s entries on `channel` (dimension `dim`) raised by 3.
    const auto raised = [&observation](const std::string& key, std::int64_t dim,
                                       std::int64_t channel) {
        auto changed = observation;
        changed[key] = observation.at(key).clone();
        changed[key].select(dim, channel).add_(3.0);
        return changed;
    };

    const auto original = run_rl(parts, observation);
    const auto hidden = run_rl(parts, raised("message_history", 2, 0));
    const auto seen = run_rl(parts, raised("message_history", 2, 1));
    BOOST_TEST(close(original.policy.message_logits, hidden.policy.message_logits, 1e-6));
    BOOST_TEST(close(original.value, hidden.value, 1e-6));
    BOOST_TEST(!close(original.policy.message_logits, seen.policy.message_logits, 1e-6));
    // The most recent message: the same rule.
    BOOST_TEST(close(original.policy.message_logits,
                     run_rl(parts, raised("message", 1, 0)).policy.message_logits, 1e-6));
    BOOST_TEST(!close(original.policy.message_logits,
                      run_rl(parts, raised("message", 1, 1)).policy.message_logits, 1e-6));
}

BOOST_AUTO_TEST_CASE(the_message_counts_from_round_one_and_is_ignored_in_round_zero) {
    // The original's ignore_message: in round 0 there is no message yet, whatever the
    // observation holds; later the message is an input of its own.
    const ObservationShape shape;
    const auto parts = build_parts(small_params(), NIP_TRAINER_RL, shape, {0, 1});
    auto observation = random_observation(shape, 21);
    auto other_message = observation;
    other_message["message"] = observation.at("message") + 2.0;
    for (const std::int64_t round : {0, 3}) {
        observation["round"] = torch::full({shape.batch}, round, torch::kInt64);
        other_message["round"] = observation["round"];
        const auto same = close(run_rl(parts, observation).policy.message_logits,
                                run_rl(parts, other_message).policy.message_logits, 1e-6);
        BOOST_TEST(same == (round == 0), "round " << round);
    }
}

BOOST_AUTO_TEST_CASE(a_prover_names_only_nodes_of_the_graph_the_last_message_did_not_name) {
    ObservationShape shape;
    shape.num_channels = 1;
    const auto n = shape.max_nodes;
    const auto b = shape.batch;
    const auto prover = build_parts(small_params(), NIP_TRAINER_RL, shape, {0}, 7, true);
    const auto verifier = build_parts(small_params(), NIP_TRAINER_RL, shape, {0}, 7, false);
    auto observation = random_observation(shape, 23);
    // Normalised messages: the named node above 0, the rest below. Games of even index
    // were last told a node of graph A, odd ones a node of graph B.
    auto message = torch::full({b, 1, 2 * n}, -0.1);
    for (std::int64_t game = 0; game < b; ++game) {
        message[game][0][game % 2 == 0 ? 0 : n] = 9.0;
    }
    observation["message"] = message;
    const auto logits = run_rl(prover, observation).policy.message_logits; // (B, 1, 2N)
    const auto open = torch::isfinite(logits).select(1, 0);
    const auto real = observation.at("node_mask").reshape({b, 2 * n});
    for (std::int64_t game = 0; game < b; ++game) {
        const auto in_a = open[game].narrow(0, 0, n);
        const auto in_b = open[game].narrow(0, n, n);
        const auto real_a = real[game].narrow(0, 0, n);
        const auto real_b = real[game].narrow(0, n, n);
        if (game % 2 == 0) {
            BOOST_TEST(!in_a.any().item<bool>());
            BOOST_TEST(torch::equal(in_b, real_b));
        } else {
            BOOST_TEST(!in_b.any().item<bool>());
            BOOST_TEST(torch::equal(in_a, real_a));
        }
    }
    // No message yet (all below 0): graph A. A verifier may name any real node.
    observation["message"] = torch::full({b, 1, 2 * n}, -0.1);
    const auto first = torch::isfinite(run_rl(prover, observation).policy.message_logits);
    BOOST_TEST(torch::equal(first.select(1, 0).narrow(1, 0, n), real.narrow(1, 0, n)));
    BOOST_TEST(!first.select(1, 0).narrow(1, n, n).any().item<bool>());
    observation["message"] = message;
    const auto any_node = torch::isfinite(run_rl(verifier, observation).policy.message_logits);
    BOOST_TEST(torch::equal(any_node.select(1, 0), real));
}

BOOST_AUTO_TEST_CASE(swapping_the_graphs_keeps_the_decision_and_value) {
    // Pair-invariant pooling (the original's PairInvariantizer): which graph is A does not
    // change the decision, as long as the node features carry no graph identity.
    ObservationShape shape;
    shape.num_channels = 1;
    auto params = small_params();
    const auto parts = build_parts(params, NIP_TRAINER_RL, shape, {0});
    const auto observation = random_observation(shape, 22);
    const auto n = shape.max_nodes;
    auto swapped = observation;
    swapped["adjacency"] = observation.at("adjacency").flip(1);
    swapped["node_mask"] = observation.at("node_mask").flip(1);
    swapped["message_history"] = observation.at("message_history").roll(n, 3);
    swapped["message"] = observation.at("message").roll(n, 2);
    const auto original = run_rl(parts, observation);
    const auto other = run_rl(parts, swapped);
    BOOST_TEST(close(other.policy.message_logits, original.policy.message_logits.roll(n, 2), 1e-4));
    BOOST_TEST(close(other.policy.decision_logits, original.policy.decision_logits, 1e-4));
    BOOST_TEST(close(other.value, original.value, 1e-4));
}

BOOST_AUTO_TEST_CASE(relabelling_graph_a_permutes_its_logits_and_keeps_decision_and_value) {
    ObservationShape shape;
    shape.num_channels = 1;
    const auto parts = build_parts(nip::core::GiAgentParams{}, NIP_TRAINER_RL, shape, {0});
    auto observation = random_observation(shape, 14);
    // Every graph A gets the same size so that one permutation relabels all of them.
    const auto n = shape.max_nodes;
    const auto size_a = n - 2;
    observation["node_mask"].select(1, 0).copy_(
        torch::arange(n).lt(size_a).expand({shape.batch, n}));
    observation["adjacency"].select(1, 0).mul_(
        observation.at("node_mask").select(1, 0).unsqueeze(-1) &
        observation.at("node_mask").select(1, 0).unsqueeze(-2));

    auto generator = at::make_generator<at::CPUGeneratorImpl>(99);
    auto node_order = torch::arange(2 * n); // new label i holds old node node_order[i]
    node_order.narrow(0, 0, size_a).copy_(torch::randperm(size_a, generator, torch::kInt64));
    const auto order_a = node_order.narrow(0, 0, n);
    BOOST_REQUIRE(!torch::equal(node_order, torch::arange(2 * n)));

    auto relabelled = observation;
    relabelled["adjacency"] = observation.at("adjacency").clone();
    relabelled["adjacency"].select(1, 0).copy_(
        observation.at("adjacency").select(1, 0).index_select(1, order_a).index_select(2, order_a));
    relabelled["message_history"] = observation.at("message_history").index_select(3, node_order);
    relabelled["message"] = observation.at("message").index_select(2, node_order);

    const auto original = run_rl(parts, observation);
    const auto permuted = run_rl(parts, relabelled);
    BOOST_TEST(close(permuted.policy.message_logits,
                     original.policy.message_logits.index_select(2, node_order)));
    BOOST_TEST(close(permuted.policy.decision_logits, original.policy.decision_logits));
    BOOST_TEST(close(permuted.value, original.value));
}

BOOST_AUTO_TEST_CASE(gradients_reach_every_parameter_of_every_part) {
    const ObservationShape shape;
    const auto observation = random_observation(shape, 15);
    auto generator = at::make_generator<at::CPUGeneratorImpl>(3);
    const auto weights = [&generator](const torch::Tensor& t) {
        return torch::randn(t.sizes(), generator);
    };

    for (const bool shared_body : {true, false}) {
        auto params = small_params();
        params.shared_body = shared_body;
        const auto parts = build_parts(params, NIP_TRAINER_RL, shape, {0, 1});
        const auto outputs = run_rl(parts, observation);
        // Random weights: a plain sum would hide layers whose outputs sum to a constant.
        const auto loss =
            (finite_part(outputs.policy.message_logits) * weights(outputs.policy.message_logits))
                .sum() +
            (outputs.policy.decision_logits * weights(outputs.policy.decision_logits)).sum() +
            (outputs.value * weights(outputs.value)).sum();
        loss.backward();
        for (const auto& parameter : all_parameters(parts)) {
            BOOST_TEST_REQUIRE(parameter.grad().defined());
            BOOST_TEST(parameter.grad().abs().sum().item<double>() > 0.0);
            BOOST_TEST(torch::isfinite(parameter.grad()).all().item<bool>());
        }
    }

    const auto solo = build_parts(small_params(), NIP_TRAINER_SOLO_AGENT, shape, {0, 1});
    const auto logits = solo.solo_head->forward(solo.body->forward(observation), observation);
    BOOST_TEST(logits.sizes() == (std::vector<std::int64_t>{shape.batch, 2}));
    (logits * weights(logits)).sum().backward();
    for (const auto& parameter : all_parameters(solo)) {
        BOOST_TEST_REQUIRE(parameter.grad().defined());
        BOOST_TEST(parameter.grad().abs().sum().item<double>() > 0.0);
    }
}

BOOST_AUTO_TEST_CASE(a_malformed_observation_is_refused_naming_the_key) {
    const ObservationShape shape;
    const auto parts = build_parts(small_params(), NIP_TRAINER_RL, shape, {0, 1});
    auto observation = random_observation(shape, 16);
    observation["message_history"] = observation.at("message_history").narrow(2, 0, 1);
    BOOST_CHECK_EXCEPTION(parts.body->forward(observation), std::invalid_argument,
                          [](const std::invalid_argument& error) {
                              return std::string(error.what()).find("'message_history'") !=
                                     std::string::npos;
                          });
    observation.erase("round");
    const auto good = random_observation(shape, 16);
    const auto representation = parts.body->forward(good);
    BOOST_CHECK_THROW(parts.value_head->forward(representation, observation),
                      std::invalid_argument);
}
