// The scenario instance: what the host builds from the hyper-parameters for a trainer:
// the protocol handler, each agent's parts, and environments over the dataset splits.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include <torch/types.h>

#include "nip/sdk/agent.hpp"
#include "nip/sdk/environment.hpp"
#include "nip/sdk/protocol.hpp"

namespace nip::sdk {

enum class Split { train, test };

class ScenarioInstance {
public:
    virtual ~ScenarioInstance() = default;
    virtual std::string name() const = 0;
    virtual const ProtocolHandler& protocol_handler() const = 0;
    // Agent name -> parts, on the run's device; empty for a scenario that builds no agents.
    virtual std::map<std::string, AgentParts>& agents() = 0;
    // A batched environment over one split, on the run's device; `seed` drives which
    // datapoints it samples, so two environments with one seed play the same games.
    virtual std::unique_ptr<Environment> make_environment(Split split, std::int64_t batch_size,
                                                          std::uint64_t seed) const = 0;
};

} // namespace nip::sdk
