// A tiny game for the SDK's RL helpers, written only against the SDK: a prover and a
// verifier take turns (verifier on even rounds) in one channel, a message is one of M
// choices, and the verifier's decision counts from round min_rounds - 1 on. The feature
// key "history" (B, R, M) marks each round's message, like the graph-isomorphism history.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nip/sdk/agent.hpp>
#include <nip/sdk/environment.hpp>
#include <nip/sdk/protocol.hpp>
#include <torch/torch.h>

namespace fake_game {

class Protocol final : public nip::sdk::ProtocolHandler {
public:
    Protocol(std::int64_t max_rounds, std::int64_t min_rounds)
        : max_rounds_(max_rounds), min_rounds_(min_rounds) {}
    std::string name() const override { return "fake"; }
    const std::vector<std::string>& agent_names() const override { return agents_; }
    const std::vector<std::string>& message_channel_names() const override { return channels_; }
    std::int64_t max_message_rounds() const override { return max_rounds_; }
    std::int64_t min_message_rounds() const override { return min_rounds_; }
    bool can_see_channel(std::size_t, std::size_t) const override { return true; }
    bool is_active(std::size_t agent, std::int64_t round, std::size_t,
                   std::int64_t) const override {
        return round < max_rounds_ && (agent == 1) == (round % 2 == 0);
    }
    bool is_verifier(std::size_t agent) const override { return agent == 1; }
    nip::sdk::StepOutcome step_outcome(const nip::sdk::StepInputs& step) const override {
        const auto decision = step.decision.select(1, 1);
        const auto decided = (step.round % 2 == 0) & (decision != nip::sdk::continue_game) &
                             (step.round >= min_rounds_ - 1);
        const auto accepted = decided & (decision == nip::sdk::accept);
        const auto terminated = (step.round >= max_rounds_ - 1) & decided.logical_not();
        auto reward = torch::zeros({step.round.size(0), 2});
        reward.select(1, 1).copy_(decided.to(torch::kFloat) *
                                  ((decision == step.label).to(torch::kFloat) * 2 - 1));
        return {reward, decided, accepted, terminated, decided | terminated};
    }

private:
    std::int64_t max_rounds_, min_rounds_;
    std::vector<std::string> agents_{"prover", "verifier"};
    std::vector<std::string> channels_{"main"};
};

class Environment final : public nip::sdk::Environment {
public:
    Environment(const Protocol& protocol, std::int64_t batch, std::int64_t messages)
        : protocol_(protocol), batch_(batch), messages_(messages) {}
    std::int64_t batch_size() const override { return batch_; }
    std::int64_t message_space_size() const override { return messages_; }
    std::vector<std::string> feature_keys() const override { return {"history"}; }
    std::int64_t dataset_size() const override { return 1; }

    nip::sdk::TensorMap reset() override {
        round_ = torch::zeros({batch_}, torch::kInt64);
        history_ = torch::zeros({batch_, protocol_.max_message_rounds(), messages_});
        ++resets;
        return observation();
    }

    nip::sdk::EnvironmentStep step(const nip::sdk::TensorMap& actions) override {
        const auto active = protocol_.active_mask(round_).any(-1); // (B, A)
        const auto speaker = active.to(torch::kInt64).argmax(1);   // (B)
        const auto message = actions.at("message").select(2, 0).gather(1, speaker.unsqueeze(1));
        for (std::int64_t b = 0; b < batch_; ++b) {
            history_[b][round_[b].item<std::int64_t>()][message[b][0].item<std::int64_t>()] = 1.0F;
        }
        nip::sdk::StepInputs inputs;
        inputs.round = round_;
        inputs.decision = actions.at("decision");
        inputs.label = torch::ones({batch_}, torch::kInt64);
        inputs.game_seed = torch::zeros({batch_}, torch::kInt64);
        const auto outcome = protocol_.step_outcome(inputs);
        nip::sdk::EnvironmentStep result;
        result.reward = outcome.reward;
        result.done = outcome.done;
        result.terminated = outcome.terminated;
        result.decided = outcome.decided;
        result.accepted = outcome.accepted;
        result.label = inputs.label;
        result.datapoint = torch::zeros({batch_}, torch::kInt64);
        result.length = round_ + 1;
        round_ = torch::where(outcome.done, torch::zeros_like(round_), round_ + 1);
        history_.masked_fill_(outcome.done.view({batch_, 1, 1}), 0.0F);
        result.next_observation = observation();
        return result;
    }

    nip::sdk::StateBlob state() const override { return {}; }
    void load_state(const nip::sdk::StateBlob&) override {}

    int resets = 0;

    nip::sdk::TensorMap observation() const override {
        return {{"round", round_.clone()},
                {"game_seed", torch::zeros({batch_}, torch::kInt64)},
                {"message_mask", torch::ones({batch_, messages_}, torch::kBool)},
                {"history", history_.clone()}};
    }

private:
    const Protocol& protocol_;
    std::int64_t batch_, messages_;
    torch::Tensor round_, history_;
};

// Agent parts with no inputs that matter: uniform messages, decision logits as given (a
// learnable bias), a learnable constant value.
struct Body final : nip::sdk::AgentBody {
    nip::sdk::Representation forward(const nip::sdk::TensorMap& observation) override {
        return {{"batch", torch::zeros({observation.at("round").size(0), 1})}};
    }
};
struct PolicyHead final : nip::sdk::PolicyHead {
    PolicyHead(std::int64_t messages, std::vector<float> decision_logits)
        : messages_(messages),
          decision_(register_parameter("decision", torch::tensor(decision_logits))) {}
    nip::sdk::PolicyOutput forward(const nip::sdk::Representation& body,
                                   const nip::sdk::TensorMap&) override {
        const auto batch = body.at("batch").size(0);
        return {torch::zeros({batch, 1, messages_}), decision_.expand({batch, 3})};
    }
    std::int64_t messages_;
    torch::Tensor decision_;
};
struct ValueHead final : nip::sdk::ValueHead {
    ValueHead() : value_(register_parameter("value", torch::zeros({1}))) {}
    torch::Tensor forward(const nip::sdk::Representation& body,
                          const nip::sdk::TensorMap&) override {
        return value_.expand({body.at("batch").size(0)});
    }
    torch::Tensor value_;
};

inline nip::sdk::AgentParts agent(std::int64_t messages, std::vector<float> decision_logits) {
    nip::sdk::AgentParts parts;
    parts.body = std::make_shared<Body>();
    parts.policy_head = std::make_shared<PolicyHead>(messages, std::move(decision_logits));
    parts.value_head = std::make_shared<ValueHead>();
    return parts;
}

} // namespace fake_game
