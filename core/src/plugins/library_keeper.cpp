#include "library_keeper.hpp"

#include <dlfcn.h>

#include <map>
#include <mutex>
#include <string>

#include "nip/core/errors.hpp"

namespace nip::core::detail {

namespace {

struct KeptLibraries {
    std::mutex mutex;
    std::map<std::filesystem::path, std::shared_ptr<const boost::dll::shared_library>> by_file;
};

KeptLibraries& kept_libraries() {
    // Intentionally leaked: destroying it at exit would dlclose plugins while static
    // destructors (ours or libtorch's) may still run code or free memory they made.
    static auto* const libraries = new KeptLibraries;
    return *libraries;
}

} // namespace

std::shared_ptr<const boost::dll::shared_library>
load_for_process_lifetime(const std::filesystem::path& file) {
    std::error_code canonical_error;
    auto key = std::filesystem::canonical(file, canonical_error);
    if (canonical_error) {
        key = std::filesystem::absolute(file);
    }

    auto& kept = kept_libraries();
    std::lock_guard lock(kept.mutex);
    if (auto found = kept.by_file.find(key); found != kept.by_file.end()) {
        return found->second;
    }

    auto library = std::make_shared<boost::dll::shared_library>();
    std::error_code load_error;
    library->load(key, load_error,
                  boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    if (load_error) {
        // Boost.DLL leaves dlopen's own message (unresolved symbol, wrong ELF class, ...)
        // in dlerror(); it says far more than the generic error code.
        const char* loader_message = dlerror();
        throw PluginError(
            "Could not load plugin '" + file.stem().string() + "' (" + file.string() +
            "): " + (loader_message != nullptr ? loader_message : load_error.message()));
    }
    kept.by_file.emplace(key, library);
    return library;
}

} // namespace nip::core::detail
