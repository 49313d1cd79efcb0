// The number of CPU threads tensor operations use, set by the run, not the environment.
#pragma once

#include <cstdint>

namespace nip::core {

// Gives tensor work `threads` threads in the way the SDK's for_each_side_by_side uses
// them: libtorch's inter-op pool gets `threads` threads and each operation runs on one
// (intra-op threads 1), so whole pieces of work (one agent's forward and backward, say)
// run side by side and each computes the same bits on whichever thread: a run's results
// do not depend on `threads`. Splitting each small matrix product over threads instead
// was measured 1.11x faster on two cores, agents side by side 1.69x (scripts/bench.sh).
// The BLAS (OpenBLAS here) is kept single-threaded too: it otherwise takes its count
// from the environment when it is loaded, before main, and splits matrix products by it,
// which would change the bits with OMP_NUM_THREADS and oversubscribe the cores.
void set_cpu_threads(std::int64_t threads);

} // namespace nip::core
