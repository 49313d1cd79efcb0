#include "allocator.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace nip::core {

void keep_freed_memory_for_reuse() {
#if defined(__GLIBC__)
    // Blocks up to 32 MiB (the most glibc allows on 64-bit) come from the heap; the heap's
    // top is given back to the kernel only when 256 MiB of it is free.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

} // namespace nip::core
