#include "cpu_threads.hpp"

#include <dlfcn.h>

#include <ATen/Parallel.h>

namespace nip::core {

void set_cpu_threads(std::int64_t threads) {
    at::set_num_threads(1);
    // The inter-op pool can be sized once per process, before its first use; a second run
    // in the same process keeps the first size.
    if (at::get_num_interop_threads() != threads) {
        try {
            at::set_num_interop_threads(static_cast<int>(threads));
        } catch (const c10::Error&) {
        }
    }
    // Looked up rather than linked: libtorch may be built on another BLAS, where there is
    // nothing to set.
    using SetThreads = void (*)(int);
    if (void* symbol = dlsym(RTLD_DEFAULT, "openblas_set_num_threads")) {
        reinterpret_cast<SetThreads>(symbol)(1);
    }
}

} // namespace nip::core
