#include <boost/test/unit_test.hpp>

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "nip/core/console.hpp"
#include "nip/core/console_progress.hpp"

using nip::core::Console;
using nip::core::ConsoleProgress;

namespace {

std::size_t count_of(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
        ++count;
    }
    return count;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

// A run of two phases with a clock the test moves by hand.
struct Run {
    explicit Run(bool terminal)
        : console(out, terminal, [] { return std::size_t{0}; }),
          progress(console, 5.0, [this] { return now; }) {
        progress.declare_phase("train", 1000);
        progress.declare_phase("test", 10);
    }
    std::ostringstream out;
    double now = 100.0;
    Console console;
    ConsoleProgress progress;
};

} // namespace

BOOST_AUTO_TEST_SUITE(console_progress)

BOOST_AUTO_TEST_CASE(plain_lines_come_at_the_first_step_then_once_per_period) {
    Run run(false);
    run.progress.begin_phase("train", 0);
    BOOST_TEST(run.out.str().empty());
    run.progress.step(1);
    BOOST_TEST(lines_of(run.out.str()).size() == 1u);
    for (int i = 0; i < 39; ++i) { // up to 4.875 s after the first line: nothing more
        run.now += 0.125;
        run.progress.step(1);
    }
    BOOST_TEST(lines_of(run.out.str()).size() == 1u);
    run.now += 0.125; // 5 s: the second line
    run.progress.step(1);
    BOOST_TEST(lines_of(run.out.str()).size() == 2u);
    run.now += 4.0;
    run.progress.step(1);
    BOOST_TEST(lines_of(run.out.str()).size() == 2u);
    run.now += 1.0;
    run.progress.step(1);
    BOOST_TEST(lines_of(run.out.str()).size() == 3u);
}

BOOST_AUTO_TEST_CASE(plain_line_shows_phase_overall_rate_eta_and_description) {
    Run run(false);
    run.progress.begin_phase("train", 0);
    run.progress.step(10);
    run.now += 5.0;
    run.progress.set_description("loss 0.25");
    run.progress.step(40); // 50 steps in 5 s: 10 it/s, 960 to go: 96 s
    auto lines = lines_of(run.out.str());
    BOOST_TEST(lines.front() == "[progress] train 10/1000 (1.0%) | overall 10/1010 (1.0%) | "
                                "? it/s | ETA ?");
    BOOST_TEST(lines.back() == "[progress] train 50/1000 (5.0%) | overall 50/1010 (5.0%) | "
                               "10.00 it/s | ETA 0:01:36 | loss 0.25");
}

BOOST_AUTO_TEST_CASE(a_phase_end_prints_one_line) {
    Run run(false);
    run.progress.begin_phase("test", 0);
    run.progress.step(10);
    run.now += 65.0;
    run.progress.end_phase();
    auto lines = lines_of(run.out.str());
    BOOST_TEST(lines.size() == 2u);
    BOOST_TEST(lines.back() ==
               "[progress] test finished 10 in 0:01:05 | overall 1010/1010 (100.0%)");
}

BOOST_AUTO_TEST_CASE(totals_add_up_across_phases_and_resume_counts_earlier_work) {
    Run run(false);
    BOOST_TEST(run.progress.total() == 1010);
    BOOST_TEST(run.progress.position() == 0);
    // Resumed at iteration 400 of training.
    run.progress.begin_phase("train", 400);
    BOOST_TEST(run.progress.position() == 400);
    run.progress.step(7);
    run.progress.step(3);
    BOOST_TEST(run.progress.position() == 410);
    BOOST_TEST(run.progress.steps_taken() == 10);
    run.progress.end_phase();
    // The test phase comes after all of training, however much of it ran.
    run.progress.begin_phase("test", 3);
    BOOST_TEST(run.progress.position() == 1003);
    run.progress.step(2);
    BOOST_TEST(run.progress.position() == 1005);
    BOOST_TEST(run.progress.steps_taken() == 12);
}

BOOST_AUTO_TEST_CASE(rate_counts_only_this_process_steps) {
    Run run(false);
    run.progress.begin_phase("train", 900); // 900 done before the crash
    run.progress.step(1);
    run.now += 10.0;
    run.progress.step(19); // 20 steps in 10 s: 2 it/s; 90 left: 45 s
    BOOST_TEST(lines_of(run.out.str()).back().find("2.00 it/s | ETA 0:00:45") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(misuse_is_a_logic_error_that_names_the_phase) {
    Run run(false);
    BOOST_CHECK_THROW(run.progress.begin_phase("evaluate", 0), std::logic_error);
    BOOST_CHECK_THROW(run.progress.step(1), std::logic_error); // no phase begun
    BOOST_CHECK_THROW(run.progress.declare_phase("train", 5), std::logic_error);
    BOOST_CHECK_THROW(run.progress.begin_phase("test", 11), std::logic_error);
    run.progress.begin_phase("test", 8);
    run.progress.step(2);
    try {
        run.progress.step(1);
        BOOST_FAIL("stepping past the declared total did not throw");
    } catch (const std::logic_error& error) {
        BOOST_TEST(std::string(error.what()).find("'test'") != std::string::npos);
    }
    BOOST_TEST(run.progress.position() == 1010);
    BOOST_TEST(run.progress.steps_taken() == 2);
}

BOOST_AUTO_TEST_CASE(terminal_shows_phase_and_overall_bars_with_eta) {
    Run run(true);
    run.progress.begin_phase("train", 0);
    run.progress.set_description("loss 0.25");
    run.now += 1.0;
    run.progress.step(500); // 500 in 1 s: 500 it/s; 510 to go: 1 s
    auto lines = lines_of(run.out.str());
    BOOST_REQUIRE(lines.size() >= 2u);
    const std::string& phase_bar = lines[lines.size() - 2];
    const std::string& overall_bar = lines.back();
    BOOST_TEST(phase_bar.ends_with("train   [###############...............] 500/1000 50.0% | "
                                   "loss 0.25"));
    BOOST_TEST(overall_bar == "overall [##############................] 500/1010 49.5% | "
                              "500.00 it/s | ETA 0:00:01");
}

BOOST_AUTO_TEST_CASE(terminal_redraws_at_most_ten_times_a_second) {
    Run run(true);
    run.progress.begin_phase("train", 0);
    std::size_t draws_at_begin = count_of(run.out.str(), "overall [");
    for (int i = 0; i < 100; ++i) { // 100 steps in 0.5 s
        run.now += 0.005;
        run.progress.step(1);
    }
    std::size_t draws = count_of(run.out.str(), "overall [") - draws_at_begin;
    BOOST_TEST(draws >= 4u);
    BOOST_TEST(draws <= 5u);
}

BOOST_AUTO_TEST_CASE(a_log_line_among_the_bars_appears_once_and_intact) {
    Run run(true);
    run.progress.begin_phase("train", 0);
    run.now += 1.0;
    run.progress.step(5);
    run.console.print_line("2026-11-25 09:31:02.123 [info] checkpoint saved");
    run.now += 1.0;
    run.progress.step(5);
    std::string text = run.out.str();
    BOOST_TEST(count_of(text, "checkpoint saved") == 1u);
    BOOST_TEST(count_of(text, "\x1b[J2026-11-25 09:31:02.123 [info] checkpoint saved\n") == 1u);
}

BOOST_AUTO_TEST_CASE(terminal_bars_are_cleared_when_a_phase_ends) {
    Run run(true);
    run.progress.begin_phase("test", 0);
    run.progress.step(10);
    run.progress.end_phase();
    // The two bar lines are erased and the phase's record line is left in their place.
    BOOST_TEST(run.out.str().ends_with("\x1b[2A\r\x1b[J[progress] test finished 10 in 0:00:00 | "
                                       "overall 1010/1010 (100.0%)\n"));
}

BOOST_AUTO_TEST_SUITE_END()
