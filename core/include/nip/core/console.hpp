// The terminal stream (stderr), shared by log lines and progress bars.
//
// Log lines and bars come from different places (and threads); if each wrote to stderr on
// its own, a log line would land in the middle of a bar. The Console is the one writer: on a
// terminal it keeps the bars as the last lines on screen, lifting them out of the way for
// each log line and drawing them again below it.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace nip::core {

class Console {
public:
    // `columns` gives the terminal's width at draw time (0: unknown); status lines are cut to
    // fit it, because a line that wraps would defeat the cursor movement that redraws it.
    Console(std::ostream& out, bool is_terminal,
            std::function<std::size_t()> columns = &Console::stderr_columns);

    // Writes one line (no trailing newline needed), keeping the status lines below it.
    void print_line(std::string_view line);
    // Replaces the status lines (the bars) in place; ignored off a terminal, where rewriting
    // lines would only fill a log with copies.
    void set_status(std::vector<std::string> lines);
    bool is_terminal() const { return is_terminal_; }

    // Whether stderr can take the bars: a terminal that understands ANSI cursor movement.
    static bool stderr_is_terminal();
    // The width of the terminal on stderr, or 0 when it is not one.
    static std::size_t stderr_columns();

private:
    void erase_status_locked();
    void draw_status_locked();

    std::mutex mutex_;
    std::ostream& out_;
    bool is_terminal_;
    std::function<std::size_t()> columns_;
    std::vector<std::string> status_lines_;
    std::size_t drawn_lines_ = 0; // how many lines above the cursor belong to the status
};

} // namespace nip::core
