#define BOOST_TEST_MODULE progress
#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "nip/core/console.hpp"

using nip::core::Console;

namespace {

std::size_t count_of(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
        ++count;
    }
    return count;
}

std::size_t no_width() {
    return 0;
}

} // namespace

BOOST_AUTO_TEST_SUITE(console)

BOOST_AUTO_TEST_CASE(off_a_terminal_lines_are_plain_and_bars_are_not_written) {
    std::ostringstream out;
    Console console(out, false, no_width);
    console.set_status({"bar line"});
    console.print_line("hello");
    BOOST_TEST(out.str() == "hello\n");
    BOOST_TEST(!console.is_terminal());
}

BOOST_AUTO_TEST_CASE(on_a_terminal_a_line_goes_above_the_bars_which_are_redrawn) {
    std::ostringstream out;
    Console console(out, true, no_width);
    console.set_status({"phase [###]", "overall [#..]"});
    std::size_t before_line = out.str().size();
    console.print_line("a log line");
    std::string after = out.str().substr(before_line);
    // The bars are lifted (cursor up two lines, erase to the end of the screen), the line is
    // written, and the bars come back below it.
    BOOST_TEST(after == "\x1b[2A\r\x1b[Ja log line\nphase [###]\noverall [#..]\n");
}

BOOST_AUTO_TEST_CASE(status_lines_are_replaced_in_place) {
    std::ostringstream out;
    Console console(out, true, no_width);
    console.set_status({"one", "two"});
    console.set_status({"three"});
    BOOST_TEST(out.str() == "one\ntwo\n\x1b[2A\r\x1b[Jthree\n");
    console.set_status({});
    console.print_line("after");
    BOOST_TEST(out.str().ends_with("three\n\x1b[1A\r\x1b[Jafter\n"));
}

BOOST_AUTO_TEST_CASE(status_lines_are_cut_to_the_terminal_width) {
    std::ostringstream out;
    Console console(out, true, [] { return std::size_t{6}; });
    // Five columns used (one spare); the two-byte "é" counts as one column and is not split.
    console.set_status({"ab\xc3\xa9"
                        "defgh"});
    BOOST_TEST(out.str() == "ab\xc3\xa9"
                            "de\n");
}

BOOST_AUTO_TEST_CASE(lines_from_many_threads_arrive_whole) {
    std::ostringstream out;
    Console console(out, true, no_width);
    console.set_status({"bar"});
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&console, t] {
            for (int i = 0; i < 200; ++i) {
                console.print_line("thread " + std::to_string(t) + " line " + std::to_string(i));
                console.set_status({"bar"});
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    for (int t = 0; t < 4; ++t) {
        BOOST_TEST(count_of(out.str(), "\x1b[Jthread " + std::to_string(t) + " line 199\nbar\n") ==
                   1u);
    }
    BOOST_TEST(count_of(out.str(), "line") == 800u);
}

BOOST_AUTO_TEST_SUITE_END()
