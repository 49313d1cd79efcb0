#include "nip/core/crash_guard.hpp"

#include <array>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include <unistd.h>

namespace nip::core {
namespace {

constexpr std::array<int, 5> fatal_signals{SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};

// Everything the handlers read is prepared here, in static storage, before it is needed.
struct Armed {
    std::array<char, 4096> doing{};
    std::array<char, 4096> advice{};
    CrashGuard::Ending ending{1, true};
    std::array<struct sigaction, fatal_signals.size()> previous{};
};
Armed armed;
std::atomic<bool> is_armed{false};
std::atomic<std::int64_t> iteration{-1};
std::atomic<int> log_fd{-1};
bool exit_hook_registered = false;

// Room for a stack overflow to be reported (the overflowed stack cannot run the handler).
alignas(16) std::array<char, 1 << 16> alternate_stack;

void copy_into(std::array<char, 4096>& buffer, const std::string& text) {
    const auto length = std::min(text.size(), buffer.size() - 1);
    std::memcpy(buffer.data(), text.data(), length);
    buffer[length] = '\0';
}

const char* signal_name(int signal) {
    switch (signal) {
    case SIGSEGV:
        return "SIGSEGV, invalid memory access";
    case SIGBUS:
        return "SIGBUS, bus error";
    case SIGILL:
        return "SIGILL, illegal instruction";
    case SIGFPE:
        return "SIGFPE, arithmetic error";
    case SIGABRT:
        return "SIGABRT, aborted";
    default:
        return "fatal signal";
    }
}

// write(2) until done; the only output call a signal handler may make.
void write_all(int fd, const char* text) {
    auto left = std::strlen(text);
    while (left > 0) {
        const auto written = ::write(fd, text, left);
        if (written <= 0) {
            return;
        }
        text += written;
        left -= static_cast<std::size_t>(written);
    }
}

// The decimal digits of a non-negative number, without the C library's formatting.
const char* digits_of(std::int64_t value, std::array<char, 24>& buffer) {
    auto* end = buffer.data() + buffer.size() - 1;
    *end = '\0';
    auto* start = end;
    do {
        *--start = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value > 0 && start > buffer.data());
    return start;
}

void report(const char* cause) {
    std::array<char, 24> number{};
    const auto at = iteration.load();
    for (const int fd : {STDERR_FILENO, log_fd.load()}) {
        if (fd < 0) {
            continue;
        }
        write_all(fd, "\nfatal: ");
        write_all(fd, armed.doing.data());
        write_all(fd, " (");
        write_all(fd, cause);
        write_all(fd, ")");
        if (at >= 0) {
            write_all(fd, " at iteration ");
            write_all(fd, digits_of(at, number));
        }
        write_all(fd, armed.advice.data());
        write_all(fd, "\n");
    }
}

void on_fatal_signal(int signal) {
    if (!is_armed.exchange(false)) {
        return;
    }
    report(signal_name(signal));
    if (armed.ending.keep_signal) {
        // SA_RESETHAND restored the default action and SA_NODEFER lets the signal in at
        // once, so this ends the process by it (also for a signal sent with kill).
        ::raise(signal);
        return;
    }
    ::_exit(armed.ending.exit_code);
}

void on_exit() {
    if (is_armed.exchange(false)) {
        report("it called exit()");
        ::_exit(armed.ending.exit_code);
    }
}

} // namespace

CrashGuard::CrashGuard(std::string doing, std::string advice, Ending ending) {
    copy_into(armed.doing, doing);
    copy_into(armed.advice, advice);
    armed.ending = ending;
    iteration = -1;
    if (!exit_hook_registered) {
        std::atexit(on_exit);
        exit_hook_registered = true;
    }
    stack_t stack{};
    stack.ss_sp = alternate_stack.data();
    stack.ss_size = alternate_stack.size();
    ::sigaltstack(&stack, nullptr);

    struct sigaction action {};
    action.sa_handler = on_fatal_signal;
    action.sa_flags = SA_ONSTACK | SA_RESETHAND | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < fatal_signals.size(); ++i) {
        ::sigaction(fatal_signals[i], &action, &armed.previous[i]);
    }
    is_armed = true;
}

CrashGuard::~CrashGuard() {
    is_armed = false;
    for (std::size_t i = 0; i < fatal_signals.size(); ++i) {
        ::sigaction(fatal_signals[i], &armed.previous[i], nullptr);
    }
    iteration = -1;
}

void CrashGuard::set_iteration(std::int64_t value) {
    iteration = value;
}

void CrashGuard::also_write_to(int fd) {
    log_fd = fd;
}

} // namespace nip::core
