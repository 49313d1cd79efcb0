// Builds the scenario instance a trainer is constructed with, by name, from the
// hyper-parameters.
#pragma once

#include <memory>

#include "nip/sdk/abi.hpp"
#include "nip/sdk/hyper_params.hpp"
#include "nip/sdk/scenario.hpp"

namespace nip::core {

// `trainer_type` says which agent parts to build (nip_trainer_type).
std::unique_ptr<sdk::ScenarioInstance> build_scenario(const sdk::HyperParams& params,
                                                      std::int32_t trainer_type);

} // namespace nip::core
