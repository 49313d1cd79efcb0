// for_each_side_by_side: every index once, on two threads at once when libtorch's
// inter-op pool has two or more, with the caller's gradient mode, and errors rethrown in index
// order after every piece has finished.
#include "nip/sdk/side_by_side.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include <torch/torch.h>

namespace {

// The inter-op pool is sized once per process, before its first use: on a machine of two
// or more cores, earlier tests (the collector's) may already have started it at the
// machine's default size, which is enough; on one core it is still unsized.
struct AtLeastTwoInterOpThreads {
    AtLeastTwoInterOpThreads() {
        if (at::get_num_interop_threads() < 2) {
            at::set_num_interop_threads(2);
        }
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(side_by_side, *boost::unit_test::fixture<AtLeastTwoInterOpThreads>())

BOOST_AUTO_TEST_CASE(every_index_runs_once) {
    std::vector<std::atomic<int>> calls(7);
    nip::sdk::for_each_side_by_side(calls.size(), [&](std::size_t i) { ++calls[i]; });
    for (const auto& count : calls) {
        BOOST_TEST(count.load() == 1);
    }
}

BOOST_AUTO_TEST_CASE(two_pieces_run_at_the_same_time) {
    // Each piece waits for the other to start: run one after the other, the first would
    // wait out its 20 seconds and report it.
    std::mutex mutex;
    std::condition_variable changed;
    int started = 0;
    std::vector<bool> met(2, false);
    nip::sdk::for_each_side_by_side(2, [&](std::size_t i) {
        std::unique_lock lock(mutex);
        ++started;
        changed.notify_all();
        met[i] = changed.wait_for(lock, std::chrono::seconds(20), [&] { return started == 2; });
    });
    BOOST_TEST(met[0]);
    BOOST_TEST(met[1]);
}

BOOST_AUTO_TEST_CASE(pieces_see_the_callers_gradient_mode) {
    std::vector<int> enabled(4, -1);
    {
        const torch::NoGradGuard no_grad;
        nip::sdk::for_each_side_by_side(
            2, [&](std::size_t i) { enabled[i] = torch::GradMode::is_enabled() ? 1 : 0; });
    }
    nip::sdk::for_each_side_by_side(
        2, [&](std::size_t i) { enabled[2 + i] = torch::GradMode::is_enabled() ? 1 : 0; });
    BOOST_TEST(enabled == std::vector<int>({0, 0, 1, 1}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_lowest_index_error_is_rethrown_after_all_pieces_finish) {
    std::atomic<int> finished{0};
    BOOST_CHECK_EXCEPTION(nip::sdk::for_each_side_by_side(
                              4,
                              [&](std::size_t i) {
                                  if (i == 1 || i == 3) {
                                      throw std::runtime_error("piece " + std::to_string(i));
                                  }
                                  std::this_thread::sleep_for(std::chrono::milliseconds(50));
                                  ++finished;
                              }),
                          std::runtime_error, [](const std::runtime_error& error) {
                              return std::string(error.what()) == "piece 1";
                          });
    BOOST_TEST(finished.load() == 2);
}

BOOST_AUTO_TEST_SUITE_END()
