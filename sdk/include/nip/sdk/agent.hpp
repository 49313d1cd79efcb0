// The parts of an agent that the host builds for a trainer, as torch modules with a
// common call signature, so that a trainer drives any scenario's agents the same way.
//
// A body turns an observation into representations; heads turn those into the policy
// (which message, which decision), the value, or a solo classifier's logits. Each part
// registers its parameters like any torch::nn::Module (parameters(), named_parameters()),
// and the trainer owns the optimisers.
#pragma once

#include <memory>

#include <torch/nn/module.h>
#include <torch/types.h>

#include "nip/sdk/environment.hpp"

namespace nip::sdk {

// What a body produces; scenario-specific keys (for graph isomorphism: "nodes"
// (B, M, d) per message choice, "pooled" (B, d) for the whole observation).
using Representation = TensorMap;

class AgentBody : public torch::nn::Module {
public:
    virtual Representation forward(const TensorMap& observation) = 0;
};

struct PolicyOutput {
    // (B, C, M): unnormalised; choices that are not valid (padding nodes) hold -inf.
    torch::Tensor message_logits;
    torch::Tensor decision_logits; // (B, 3): reject, accept, continue
};

class PolicyHead : public torch::nn::Module {
public:
    virtual PolicyOutput forward(const Representation& body, const TensorMap& observation) = 0;
};

class ValueHead : public torch::nn::Module {
public:
    virtual torch::Tensor forward(const Representation& body, const TensorMap& observation) = 0;
};

// The solo_agent trainers' classifier: (B, 2) logits for reject / accept.
class SoloHead : public torch::nn::Module {
public:
    virtual torch::Tensor forward(const Representation& body, const TensorMap& observation) = 0;
};

// Which parts exist depends on the trainer type: rl gets body, policy_head and
// value_head (and value_body when the critic has its own body); solo_agent gets body
// and solo_head. Missing parts are null.
struct AgentParts {
    std::shared_ptr<AgentBody> body;
    std::shared_ptr<AgentBody> value_body; // null: the critic shares `body`
    std::shared_ptr<PolicyHead> policy_head;
    std::shared_ptr<ValueHead> value_head;
    std::shared_ptr<SoloHead> solo_head;
};

} // namespace nip::sdk
