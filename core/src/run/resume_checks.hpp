// Whether a run may resume from its latest checkpoint (REFERENCE.md, the seed's
// active-run load, made non-interactive): all matching -> go on silently; a different
// package or plugin, an incompatible version (MAJOR differs, or MINOR while MAJOR is 0),
// or changed hyper-parameters -> refuse with the list, unless forced. A key the saved
// document lacks that holds its default now (a key a later version added, e.g.
// protocol.debate.* when the run was made before debate existed) changes nothing the run
// did: it is named in an info line, not refused. `defaults`: the current defaults
// (empty: every added key counts as a difference).
#pragma once

#include <boost/json.hpp>

#include "nip/core/local_checkpoint_store.hpp"
#include "nip/sdk/log.hpp"

namespace nip::core {

void check_resume_compatible(const CheckpointInfo& checkpoint, const sdk::Metadata& current,
                             const boost::json::object& current_params, bool force,
                             sdk::Logger& logger, const boost::json::object& defaults = {});

} // namespace nip::core
