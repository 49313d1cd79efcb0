// Runs the host executable as a child process for end-to-end tests: with a time limit
// (a hang fails the test instead of blocking ctest), output captured, and the option of
// killing it with SIGKILL when a condition is met.
#pragma once

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace nip::test {

struct HostResult {
    int exit_code = -1;     // -1 when killed by a signal
    int signal = 0;         // the signal that ended it, if any
    bool timed_out = false; // killed because it ran past the limit
    std::string output;     // stdout and stderr together
};

// Runs `executable args...`; polls `kill_when` every 20 ms and sends SIGKILL once it is true.
inline HostResult run_host(const std::filesystem::path& executable,
                           const std::vector<std::string>& args,
                           std::chrono::seconds limit = std::chrono::seconds(300),
                           const std::function<bool()>& kill_when = {}) {
    // One log per call, so that hosts run side by side (from several threads) keep theirs.
    static std::atomic<int> calls{0};
    const auto log =
        std::filesystem::temp_directory_path() / ("nip-host-" + std::to_string(::getpid()) + "-" +
                                                  std::to_string(calls.fetch_add(1)) + ".log");
    pid_t child = ::fork();
    if (child < 0) {
        throw std::runtime_error("fork failed");
    }
    if (child == 0) {
        int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        std::vector<char*> argv{const_cast<char*>(executable.c_str())};
        for (const auto& arg : args) {
            argv.push_back(const_cast<char*>(arg.c_str()));
        }
        argv.push_back(nullptr);
        ::execv(executable.c_str(), argv.data());
        ::_exit(127);
    }
    HostResult result;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    bool killed = false;
    while (::waitpid(child, &status, WNOHANG) == 0) {
        if (!killed && kill_when && kill_when()) {
            ::kill(child, SIGKILL);
            killed = true;
        }
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(child, SIGKILL);
            result.timed_out = true;
            ::waitpid(child, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (WIFEXITED(status)) {
        result.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        result.signal = WTERMSIG(status);
    }
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    result.output = text.str();
    std::filesystem::remove(log);
    return result;
}

// A fresh, empty directory for one test.
inline std::filesystem::path fresh_directory(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() /
               ("nip-test-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

} // namespace nip::test
