// What the gi_env tests share: one small dataset, protocols and action builders.
#pragma once

#include <cstdint>

#include <torch/torch.h>

#include "nip/core/protocols/nip_protocol.hpp"
#include "nip/core/scenarios/graph_isomorphism/dataset.hpp"
#include "nip/core/scenarios/graph_isomorphism/environment.hpp"

namespace gi_env_test {

constexpr std::int64_t num_pairs = 64;
constexpr std::int64_t max_nodes = 9;
constexpr std::int64_t message_space = 2 * max_nodes;
constexpr std::int64_t prover = nip::core::NipProtocol::prover;
constexpr std::int64_t verifier = nip::core::NipProtocol::verifier;

inline nip::core::GiDataset make_dataset(std::int64_t pairs, std::uint64_t seed) {
    nip::core::GiDatasetParams params;
    params.num_pairs = pairs;
    params.min_nodes = 7;
    params.max_nodes = max_nodes;
    params.seed = seed;
    return nip::core::generate_gi_dataset(params);
}

inline const nip::core::GiDataset& dataset() {
    static const nip::core::GiDataset data = make_dataset(num_pairs, 5);
    return data;
}

// Rewards that differ from each other and from the defaults, so each rule shows.
inline nip::core::RewardRules distinct_rules() {
    nip::core::RewardRules rules;
    rules.verifier_reward = 2.0;
    rules.verifier_incorrect_penalty = -3.0;
    rules.verifier_terminated_penalty = -0.5;
    rules.verifier_no_guess_reward = 0.25;
    rules.prover_reward = 1.5;
    return rules;
}

// Every agent of every game sends `message` in every channel and decides `decision`.
inline nip::sdk::TensorMap uniform_actions(std::int64_t batch, std::int64_t message,
                                           std::int64_t decision, std::int64_t agents = 2,
                                           std::int64_t channels = 1) {
    return {{"message", torch::full({batch, agents, channels}, message, torch::kInt64)},
            {"decision", torch::full({batch, agents}, decision, torch::kInt64)}};
}

// Random messages and decisions (a third of them reject or accept), reproducible from
// `generator`.
inline nip::sdk::TensorMap random_actions(std::int64_t batch, at::Generator& generator) {
    auto decision = torch::randint(0, 6, {batch, 2}, generator, torch::kInt64).clamp_max(2);
    return {{"message", torch::randint(0, message_space, {batch, 2, 1}, generator, torch::kInt64)},
            {"decision", decision}};
}

inline bool same_maps(const nip::sdk::TensorMap& a, const nip::sdk::TensorMap& b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (const auto& [key, tensor] : a) {
        const auto other = b.find(key);
        if (other == b.end() || tensor.scalar_type() != other->second.scalar_type() ||
            !torch::equal(tensor.cpu(), other->second.cpu())) {
            return false;
        }
    }
    return true;
}

inline bool same_steps(const nip::sdk::EnvironmentStep& a, const nip::sdk::EnvironmentStep& b) {
    const auto same = [](const torch::Tensor& x, const torch::Tensor& y) {
        return x.scalar_type() == y.scalar_type() && torch::equal(x.cpu(), y.cpu());
    };
    return same_maps(a.next_observation, b.next_observation) && same(a.reward, b.reward) &&
           same(a.done, b.done) && same(a.terminated, b.terminated) && same(a.decided, b.decided) &&
           same(a.accepted, b.accepted) && same(a.label, b.label) &&
           same(a.datapoint, b.datapoint) && same(a.length, b.length);
}

} // namespace gi_env_test
