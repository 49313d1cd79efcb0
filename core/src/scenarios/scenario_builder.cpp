#include "nip/core/scenarios/scenario_builder.hpp"

#include "nip/core/errors.hpp"
#include "nip/core/scenarios/graph_isomorphism/scenario.hpp"

namespace nip::core {

namespace {

void check_scenario_name(const std::string& name) {
    if (name != "graph_isomorphism") {
        throw UsageError("scenario: '" + name +
                         "' is not provided by this build (available: graph_isomorphism)");
    }
}

} // namespace

void check_scenario_params(const sdk::HyperParams& params) {
    check_scenario_name(params.get_string("scenario"));
    check_graph_isomorphism_params(params);
}

std::unique_ptr<sdk::ScenarioInstance> build_scenario(const sdk::HyperParams& params,
                                                      std::int32_t trainer_type,
                                                      const ScenarioOptions& options,
                                                      sdk::Logger& logger) {
    if (trainer_type != NIP_TRAINER_RL && trainer_type != NIP_TRAINER_SOLO_AGENT) {
        throw UsageError("Unknown trainer type " + std::to_string(trainer_type));
    }
    check_scenario_name(params.get_string("scenario"));
    return build_graph_isomorphism_scenario(params, trainer_type, options, logger);
}

} // namespace nip::core
