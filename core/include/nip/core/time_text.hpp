// Wall-clock time as text, for metadata, manifests and logs.
#pragma once

#include <string>

namespace nip::core {

// The current UTC time as ISO-8601 with milliseconds: 2026-11-25T09:31:02.123Z.
std::string utc_now_iso();

} // namespace nip::core
