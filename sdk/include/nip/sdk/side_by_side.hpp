// Independent pieces of work (one per agent, say) run side by side on libtorch's
// inter-op threads.
//
// The host gives a run `--threads N` as N inter-op threads and one intra-op thread: each
// tensor operation runs on one thread, and what runs in parallel is whole pieces of
// work, such as the forward and backward passes of different agents, whose parameters
// are disjoint. Each piece computes the same bits whichever thread runs it, so a run's
// results do not depend on N. With one inter-op thread (or one piece) the pieces run in
// order on the calling thread.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <future>
#include <utility>
#include <vector>

#include <ATen/Parallel.h>
#include <c10/core/GradMode.h>

namespace nip::sdk {

// Calls work(i) for every i in [0, count), up to at::get_num_interop_threads() at a time,
// the calling thread included, and returns when all are done. Each call sees the
// caller's gradient mode. If calls throw, the exception of the lowest index is rethrown
// (after every call has finished). `work` must not touch what another index touches.
template <class Work> void for_each_side_by_side(std::size_t count, const Work& work) {
    const auto threads = static_cast<std::size_t>(std::max(1, at::get_num_interop_threads()));
    if (count <= 1 || threads <= 1) {
        for (std::size_t i = 0; i < count; ++i) {
            work(i);
        }
        return;
    }
    const bool grad_enabled = c10::GradMode::is_enabled();
    std::atomic<std::size_t> next{0};
    std::vector<std::exception_ptr> errors(count);
    // Each thread takes the next index until none is left.
    const auto drain = [&] {
        const c10::AutoGradMode grad_mode(grad_enabled);
        for (std::size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) {
            try {
                work(i);
            } catch (...) {
                errors[i] = std::current_exception();
            }
        }
    };
    const auto helpers = std::min(threads, count) - 1;
    std::vector<std::promise<void>> finished(helpers);
    std::vector<std::future<void>> waits;
    for (std::size_t h = 0; h < helpers; ++h) {
        auto wait = finished[h].get_future();
        try {
            at::launch([&drain, &finished, h] {
                drain();
                finished[h].set_value();
            });
        } catch (...) {
            break; // no more helpers: the calling thread does the rest
        }
        waits.push_back(std::move(wait));
    }
    drain();
    for (auto& wait : waits) {
        wait.wait();
    }
    for (const auto& error : errors) {
        if (error) {
            std::rethrow_exception(error);
        }
    }
}

} // namespace nip::sdk
