#include "nip/core/console.hpp"

#include <cstdlib>
#include <string>

#include <sys/ioctl.h>
#include <unistd.h>

namespace nip::core {
namespace {

// Cuts `line` to `columns` code points (0: no limit), never inside a UTF-8 sequence.
std::string_view fit_to_width(std::string_view line, std::size_t columns) {
    if (columns == 0) {
        return line;
    }
    std::size_t code_points = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        bool starts_code_point = (static_cast<unsigned char>(line[i]) & 0xC0) != 0x80;
        if (starts_code_point && code_points++ == columns) {
            return line.substr(0, i);
        }
    }
    return line;
}

} // namespace

Console::Console(std::ostream& out, bool is_terminal, std::function<std::size_t()> columns)
    : out_(out), is_terminal_(is_terminal), columns_(std::move(columns)) {}

void Console::print_line(std::string_view line) {
    std::lock_guard lock(mutex_);
    erase_status_locked();
    out_ << line << '\n';
    draw_status_locked();
    out_.flush();
}

void Console::set_status(std::vector<std::string> lines) {
    if (!is_terminal_) {
        return;
    }
    std::lock_guard lock(mutex_);
    status_lines_ = std::move(lines);
    erase_status_locked();
    draw_status_locked();
    out_.flush();
}

void Console::erase_status_locked() {
    if (drawn_lines_ == 0) {
        return;
    }
    // Up to the first status line, then erase from there to the end of the screen. ("\x1b[0A"
    // would move one line on some terminals, hence the guard above.)
    out_ << "\x1b[" << drawn_lines_ << "A\r\x1b[J";
    drawn_lines_ = 0;
}

void Console::draw_status_locked() {
    if (!is_terminal_) {
        return;
    }
    // One column spare: a line that fills the last column leaves some terminals waiting to
    // wrap, and the newline after it would then count twice.
    std::size_t columns = columns_ ? columns_() : 0;
    std::size_t usable_columns = columns > 1 ? columns - 1 : columns;
    for (const auto& line : status_lines_) {
        out_ << fit_to_width(line, usable_columns) << '\n';
    }
    drawn_lines_ = status_lines_.size();
}

bool Console::stderr_is_terminal() {
    if (::isatty(STDERR_FILENO) == 0) {
        return false;
    }
    const char* term = std::getenv("TERM");
    return term == nullptr || std::string_view(term) != "dumb";
}

std::size_t Console::stderr_columns() {
    winsize size{};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) != 0) {
        return 0;
    }
    return size.ws_col;
}

} // namespace nip::core
