// How the C library's allocator serves tensor memory during a run.
#pragma once

namespace nip::core {

// Keeps freed tensor memory in the process for reuse. glibc's malloc returns every block
// above 128 KiB to the kernel with munmap and maps it again on the next allocation, so
// each of the thousands of temporary tensors an iteration makes (a minibatch's
// activations are a few hundred KiB each) costs page faults on fresh zeroed pages: in
// the graph-isomorphism agents' forward pass without gradients, half the time. Raising
// the thresholds makes malloc reuse those blocks from its heap. Only memory already freed
// and below the peak is kept; the peak itself does not grow.
void keep_freed_memory_for_reuse();

} // namespace nip::core
