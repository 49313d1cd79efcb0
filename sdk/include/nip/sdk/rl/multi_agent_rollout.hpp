// The standard collection loop: every agent acts in a batched environment for a number
// of steps, and the rollout keeps what a policy-gradient update needs, time-major.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "nip/sdk/environment.hpp"
#include "nip/sdk/protocol.hpp"
#include "nip/sdk/rl/observation_norm.hpp"
#include "nip/sdk/rl/policy.hpp"
#include "nip/sdk/rl/rollout_buffer.hpp"
#include "nip/sdk/side_by_side.hpp"

namespace nip::sdk::rl {

// Keys of a collected rollout (each (T, B, ...)); observation keys are "obs.<key>", as
// the agents saw them (normalised).
//   message (T,B,A,C)  decision (T,B,A)  active_channels (T,B,A,C)  decides (T,B,A)
//   log_prob, value, next_value, reward, entropy, message_entropy, decision_entropy,
//   max_message_prob (T,B,A)   done, decided, accepted, terminated (T,B) bool
//   label, datapoint, length (T,B) int64
class MultiAgentCollector {
public:
    // `agents` in the protocol's agent order; they, the environment and the protocol
    // must outlive the collector. `norm` may be null (no normalisation).
    MultiAgentCollector(Environment& environment, const ProtocolHandler& protocol,
                        std::vector<const AgentParts*> agents, const ObservationNorm* norm)
        : environment_(environment), protocol_(protocol), agents_(std::move(agents)), norm_(norm) {
        if (agents_.size() != protocol_.agent_names().size()) {
            throw std::invalid_argument("MultiAgentCollector: " + std::to_string(agents_.size()) +
                                        " agents given, the protocol has " +
                                        std::to_string(protocol_.agent_names().size()));
        }
    }

    // The raw observation the next step acts on (from reset(), or restored on resume).
    void set_observation(TensorMap observation) { observation_ = std::move(observation); }
    const TensorMap& observation() const { return observation_; }

    RolloutBuffer collect(std::int64_t num_steps, torch::Generator& generator) {
        if (observation_.empty()) {
            observation_ = environment_.reset();
        }
        torch::NoGradGuard no_grad;
        RolloutBuffer buffer(num_steps, environment_.batch_size());
        for (std::int64_t t = 0; t < num_steps; ++t) {
            const auto seen = norm_ != nullptr ? norm_->apply(observation_) : observation_;
            const auto& round = observation_.at("round");
            const auto& game_seed = observation_.at("game_seed");
            const auto active_channels = protocol_.active_mask(round, game_seed);
            const auto decision_counts = protocol_.decision_mask(round, game_seed);

            // The agents' forward passes side by side; then sampling, agent by agent in
            // order, from the one generator.
            const auto forwards = run_agents(seen);
            std::vector<SampledActions> acted;
            std::vector<torch::Tensor> values;
            std::vector<torch::Tensor> decides;
            for (std::size_t a = 0; a < agents_.size(); ++a) {
                const auto index = static_cast<std::int64_t>(a);
                const auto& forward = forwards[a];
                const auto agent_decides = decision_counts.select(1, index);
                acted.push_back(sample_actions(forward.policy, active_channels.select(1, index),
                                               agent_decides, generator));
                values.push_back(forward.value);
                decides.push_back(agent_decides);
            }

            std::map<std::string, torch::Tensor> step;
            for (const auto& [key, tensor] : seen) {
                step["obs." + key] = tensor;
            }
            step["message"] = stack_field(acted, &SampledActions::message);
            step["decision"] = stack_field(acted, &SampledActions::decision);
            step["active_channels"] = active_channels;
            step["decides"] = torch::stack(decides, 1);
            step["value"] = torch::stack(values, 1);
            step["log_prob"] = stack_score(acted, &ActionScores::log_prob);
            step["entropy"] = stack_score(acted, &ActionScores::entropy);
            step["message_entropy"] = stack_score(acted, &ActionScores::message_entropy);
            step["decision_entropy"] = stack_score(acted, &ActionScores::decision_entropy);
            step["max_message_prob"] = stack_score(acted, &ActionScores::max_message_prob);

            auto result =
                environment_.step({{"message", step["message"]}, {"decision", step["decision"]}});
            step["reward"] = result.reward;
            step["done"] = result.done;
            step["decided"] = result.decided;
            step["accepted"] = result.accepted;
            step["terminated"] = result.terminated;
            step["label"] = result.label;
            step["datapoint"] = result.datapoint;
            step["length"] = result.length;
            buffer.add(std::move(step));
            observation_ = std::move(result.next_observation);
        }
        last_values_ = bootstrap_values();
        return buffer;
    }

    // V(s_{t+1}) for every step: the next step's value, and for the last step the value
    // of the observation the rollout stopped at. Where a game ended, the next state is a
    // fresh game's, which GAE ignores for a terminated step.
    torch::Tensor next_values(const RolloutBuffer& buffer) const {
        const auto values = buffer.stacked("value");
        return torch::cat({values.slice(0, 1), last_values_.unsqueeze(0)}, 0);
    }

private:
    torch::Tensor bootstrap_values() const {
        const auto seen = norm_ != nullptr ? norm_->apply(observation_) : observation_;
        std::vector<torch::Tensor> values;
        for (const auto& forward : run_agents(seen)) {
            values.push_back(forward.value);
        }
        return torch::stack(values, 1);
    }

    std::vector<AgentForward> run_agents(const TensorMap& seen) const {
        std::vector<AgentForward> forwards(agents_.size());
        for_each_side_by_side(agents_.size(),
                              [&](std::size_t a) { forwards[a] = run_agent(*agents_[a], seen); });
        return forwards;
    }

    static torch::Tensor stack_field(const std::vector<SampledActions>& acted,
                                     torch::Tensor SampledActions::*field) {
        std::vector<torch::Tensor> parts;
        for (const auto& actions : acted) {
            parts.push_back(actions.*field);
        }
        return torch::stack(parts, 1);
    }
    static torch::Tensor stack_score(const std::vector<SampledActions>& acted,
                                     torch::Tensor ActionScores::*field) {
        std::vector<torch::Tensor> parts;
        for (const auto& actions : acted) {
            parts.push_back(actions.scores.*field);
        }
        return torch::stack(parts, 1);
    }

    Environment& environment_;
    const ProtocolHandler& protocol_;
    std::vector<const AgentParts*> agents_;
    const ObservationNorm* norm_;
    TensorMap observation_;
    torch::Tensor last_values_;
};

} // namespace nip::sdk::rl
