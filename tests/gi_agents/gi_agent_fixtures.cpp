#include "gi_agent_fixtures.hpp"

#include <ATen/CPUGeneratorImpl.h>

namespace gi_agent_test {

nip::sdk::TensorMap random_observation(const ObservationShape& shape, std::uint64_t seed) {
    auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    const auto b = shape.batch;
    const auto n = shape.max_nodes;
    const auto sizes = torch::randint(4, n + 1, {b, 2, 1}, generator, torch::kInt64);
    const auto node_mask = torch::arange(n).view({1, 1, n}) < sizes;
    const auto real_pairs = node_mask.unsqueeze(-1) & node_mask.unsqueeze(-2);
    auto edges = torch::rand({b, 2, n, n}, generator).lt(0.5).triu(1);
    edges = (edges | edges.transpose(-2, -1)) & real_pairs;
    return {
        {"adjacency", edges.to(torch::kFloat32)},
        {"node_mask", node_mask},
        {"message_history",
         torch::randn({b, shape.max_rounds, shape.num_channels, 2 * n}, generator)},
        {"message", torch::randn({b, shape.num_channels, 2 * n}, generator)},
        {"round", torch::randint(0, shape.max_rounds, {b}, generator, torch::kInt64)},
    };
}

nip::core::GiAgentParams small_params() {
    nip::core::GiAgentParams params;
    params.num_gnn_layers = 2;
    params.num_transformer_layers = 1;
    return params;
}

nip::sdk::AgentParts build_parts(const nip::core::GiAgentParams& params, std::int32_t trainer_type,
                                 const ObservationShape& shape,
                                 std::vector<std::int64_t> visible_channels, std::uint64_t seed,
                                 bool prover) {
    return nip::core::build_gi_agent_parts(params, trainer_type, shape.max_nodes, shape.max_rounds,
                                           shape.num_channels, std::move(visible_channels), seed,
                                           torch::kCPU, prover);
}

std::vector<torch::Tensor> all_parameters(const nip::sdk::AgentParts& parts) {
    std::vector<torch::Tensor> parameters;
    const auto add = [&parameters](const auto& part) {
        if (part) {
            for (const auto& parameter : part->parameters()) {
                parameters.push_back(parameter);
            }
        }
    };
    add(parts.body);
    add(parts.value_body);
    add(parts.policy_head);
    add(parts.value_head);
    add(parts.solo_head);
    return parameters;
}

torch::Tensor finite_part(const torch::Tensor& tensor) {
    return torch::where(torch::isinf(tensor), torch::zeros_like(tensor), tensor);
}

} // namespace gi_agent_test
