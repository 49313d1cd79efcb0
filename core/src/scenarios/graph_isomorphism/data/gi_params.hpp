// Checks of the dataset parameters.
#pragma once

#include "nip/core/scenarios/graph_isomorphism/dataset.hpp"

namespace nip::core::gi {

// Throws UsageError naming the first parameter out of range.
void validate_params(const GiDatasetParams& params);

} // namespace nip::core::gi
