// The dataset's parameters from the hyper-parameters (`dataset.*`), per split.
#pragma once

#include "nip/core/scenarios/graph_isomorphism/dataset.hpp"
#include "nip/sdk/hyper_params.hpp"
#include "nip/sdk/scenario.hpp"

namespace nip::core {

GiDatasetParams gi_dataset_params(const sdk::HyperParams& params, sdk::Split split);

} // namespace nip::core
