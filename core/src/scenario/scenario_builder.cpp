#include "nip/core/scenario_builder.hpp"

#include "nip/core/errors.hpp"
#include "nip/core/protocols.hpp"

namespace nip::core {
namespace {

class BuiltScenario final : public sdk::ScenarioInstance {
public:
    BuiltScenario(std::string name, std::unique_ptr<sdk::ProtocolHandler> protocol)
        : name_(std::move(name)), protocol_(std::move(protocol)) {}
    std::string name() const override { return name_; }
    const sdk::ProtocolHandler& protocol_handler() const override { return *protocol_; }
    std::map<std::string, sdk::AgentParts>& agents() override { return agents_; }

private:
    std::string name_;
    std::unique_ptr<sdk::ProtocolHandler> protocol_;
    std::map<std::string, sdk::AgentParts> agents_;
};

} // namespace

std::unique_ptr<sdk::ScenarioInstance> build_scenario(const sdk::HyperParams& params,
                                                      std::int32_t trainer_type) {
    if (trainer_type != NIP_TRAINER_RL && trainer_type != NIP_TRAINER_SOLO_AGENT) {
        throw UsageError("Unknown trainer type " + std::to_string(trainer_type));
    }
    const std::string name = params.get_string("scenario");
    if (name != "graph_isomorphism") {
        throw UsageError("scenario: '" + name +
                         "' is not provided by this build (available: graph_isomorphism)");
    }
    // The graph-isomorphism data and agent parts are built here once they exist (the
    // next issue); until then the scenario carries the protocol only.
    return std::make_unique<BuiltScenario>(name, make_protocol_handler(params));
}

} // namespace nip::core
