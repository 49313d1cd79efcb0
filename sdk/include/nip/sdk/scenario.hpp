// The scenario instance: what the host builds from the hyper-parameters for a trainer
// (the protocol handler and, for scenarios with agents, each agent's parts).
#pragma once

#include <map>
#include <memory>
#include <string>

#include <torch/nn/module.h>

#include "nip/sdk/protocol.hpp"

namespace nip::sdk {

// The parts of one agent that the host builds; which ones depends on the trainer type
// (rl: body, message/decision policy and value heads; solo_agent: body and classifier).
struct AgentParts {
    std::shared_ptr<torch::nn::Module> body;
    std::shared_ptr<torch::nn::Module> policy_head;
    std::shared_ptr<torch::nn::Module> value_head;
    std::shared_ptr<torch::nn::Module> solo_head;
};

class ScenarioInstance {
public:
    virtual ~ScenarioInstance() = default;
    virtual std::string name() const = 0;
    virtual const ProtocolHandler& protocol_handler() const = 0;
    // Agent name -> parts; empty for a scenario that builds no agents.
    virtual std::map<std::string, AgentParts>& agents() = 0;
};

} // namespace nip::sdk
