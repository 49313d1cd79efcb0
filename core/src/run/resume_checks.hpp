// Whether a run may resume from its latest checkpoint (REFERENCE.md, the seed's
// active-run load, made non-interactive): all matching -> go on silently; a different
// package or plugin, an incompatible version (MAJOR differs, or MINOR while MAJOR is 0),
// or changed hyper-parameters -> refuse with the list, unless forced.
#pragma once

#include <boost/json.hpp>

#include "nip/core/local_checkpoint_store.hpp"
#include "nip/sdk/log.hpp"

namespace nip::core {

void check_resume_compatible(const CheckpointInfo& checkpoint, const sdk::Metadata& current,
                             const boost::json::object& current_params, bool force,
                             sdk::Logger& logger);

} // namespace nip::core
