#include "nip/core/package.hpp"

#include "nip_git_revision.hpp"

namespace nip::core {

sdk::Metadata package_metadata() {
    sdk::Metadata metadata;
    metadata.package_name = "nip-cpp";
    metadata.package_version = NIP_PACKAGE_VERSION;
    metadata.git_revision = NIP_GIT_REVISION;
    return metadata;
}

} // namespace nip::core
