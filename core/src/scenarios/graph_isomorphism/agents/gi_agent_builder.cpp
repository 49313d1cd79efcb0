#include <ATen/CPUGeneratorImpl.h>
#include <algorithm>
#include <stdexcept>

#include "gi_body.hpp"
#include "gi_heads.hpp"
#include "nip/core/scenarios/graph_isomorphism/agents.hpp"
#include "nip/core/sha256.hpp"
#include "nip/sdk/abi.hpp"

namespace nip::core {
namespace {

void check_sizes(std::int64_t max_nodes, std::int64_t max_rounds, std::int64_t num_channels,
                 const std::vector<std::int64_t>& visible_channels) {
    const auto check = [](bool holds, const std::string& message) {
        if (!holds) {
            throw std::invalid_argument("build_gi_agent_parts: " + message);
        }
    };
    check(max_nodes >= 1, "max_nodes must be >= 1, got " + std::to_string(max_nodes));
    check(max_rounds >= 1, "max_rounds must be >= 1, got " + std::to_string(max_rounds));
    check(num_channels >= 1, "num_channels must be >= 1, got " + std::to_string(num_channels));
    auto sorted = visible_channels;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        check(sorted[i] >= 0 && sorted[i] < num_channels,
              "visible channel " + std::to_string(sorted[i]) + " is not in [0, " +
                  std::to_string(num_channels) + ")");
        check(i == 0 || sorted[i] != sorted[i - 1],
              "visible channel " + std::to_string(sorted[i]) + " is listed twice");
    }
}

// Each part draws from its own generator, so that e.g. giving the critic its own body does
// not shift the policy head's weights. torch's CPU generator (mt19937) keeps only the low 32
// bits of its seed; the SHA-256-derived seeds make those bits as good as any.
at::Generator part_generator(std::uint64_t seed, const std::string& part) {
    return at::make_generator<at::CPUGeneratorImpl>(agent_seed(seed, part));
}

} // namespace

std::uint64_t agent_seed(std::uint64_t run_seed, const std::string& agent_name) {
    const auto digest = sha256_hex(std::to_string(run_seed) + ":" + agent_name);
    return std::stoull(digest.substr(0, 16), nullptr, 16);
}

sdk::AgentParts build_gi_agent_parts(const GiAgentParams& params, std::int32_t trainer_type,
                                     std::int64_t max_nodes, std::int64_t max_rounds,
                                     std::int64_t num_channels,
                                     std::vector<std::int64_t> visible_channels, std::uint64_t seed,
                                     torch::Device device, bool prover) {
    validate_gi_agent_params(params, "graph-isomorphism agent parameters");
    check_sizes(max_nodes, max_rounds, num_channels, visible_channels);
    if (trainer_type != NIP_TRAINER_RL && trainer_type != NIP_TRAINER_SOLO_AGENT) {
        throw std::invalid_argument("build_gi_agent_parts: unknown trainer type " +
                                    std::to_string(trainer_type) +
                                    "; expected NIP_TRAINER_RL or NIP_TRAINER_SOLO_AGENT");
    }

    const auto make_body = [&](const std::string& part) {
        auto generator = part_generator(seed, part);
        auto body = std::make_shared<gi_agents::GiBody>(params, max_nodes, max_rounds, num_channels,
                                                        visible_channels, generator);
        body->to(device);
        return body;
    };

    sdk::AgentParts parts;
    parts.body = make_body("body");
    if (trainer_type == NIP_TRAINER_SOLO_AGENT) {
        auto generator = part_generator(seed, "solo_head");
        parts.solo_head = std::make_shared<gi_agents::GiSoloHead>(params, generator);
        parts.solo_head->to(device);
        return parts;
    }
    if (!params.shared_body) {
        parts.value_body = make_body("value_body");
    }
    auto policy_generator = part_generator(seed, "policy_head");
    parts.policy_head = std::make_shared<gi_agents::GiPolicyHead>(
        params, max_nodes, max_rounds, num_channels, prover, policy_generator);
    parts.policy_head->to(device);
    auto value_generator = part_generator(seed, "value_head");
    parts.value_head =
        std::make_shared<gi_agents::GiValueHead>(params, max_rounds, value_generator);
    parts.value_head->to(device);
    return parts;
}

} // namespace nip::core
