// The number of CPU threads tensor operations use, set by the run, not the environment.
#pragma once

#include <cstdint>

namespace nip::core {

// Sets libtorch's intra-op thread count to `threads` (at least 1) and keeps the BLAS
// libtorch calls single-threaded. The BLAS (OpenBLAS here) otherwise takes its count
// from the environment when it is loaded, before main, and splits matrix products by
// it: the bits of a run would change with OMP_NUM_THREADS, and BLAS threads inside
// libtorch's threads oversubscribe the cores (3x slower on two). libtorch's own count
// changes the bits too, so a run is bitwise reproducible for a given `threads`.
void set_cpu_threads(std::int64_t threads);

} // namespace nip::core
