// The graph-isomorphism scenario assembled: the protocol, the dataset splits (generated
// once, then cached), every agent the protocol names, and batched environments on demand.
#pragma once

#include <memory>

#include "nip/core/scenarios/scenario_builder.hpp"

namespace nip::core {

std::unique_ptr<sdk::ScenarioInstance>
build_graph_isomorphism_scenario(const sdk::HyperParams& params, std::int32_t trainer_type,
                                 const ScenarioOptions& options, sdk::Logger& logger);

// The protocol and the settings of each agent it names (check_scenario_params).
void check_graph_isomorphism_params(const sdk::HyperParams& params);

} // namespace nip::core
