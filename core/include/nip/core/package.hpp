// The host package's own facts, saved with every checkpoint (the seed's _get_metadata()).
#pragma once

#include "nip/sdk/checkpoints.hpp"

namespace nip::core {

// Package name and version (SemVer), and the git revision the build came from, if known.
sdk::Metadata package_metadata();

} // namespace nip::core
