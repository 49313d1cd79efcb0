// Loading a plugin to see whether it can be used, here or in a child process.
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstring>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "nip/core/errors.hpp"
#include "nip/core/plugin_registry.hpp"
#include "plugin_loader.hpp"

extern char** environ;

namespace nip::core {
namespace {

constexpr auto probe_time_limit = std::chrono::seconds(60);
constexpr const char* loadable_line = "loadable";

std::string load_problem(const std::filesystem::path& file) {
    auto candidate = detail::inspect_plugin_file(file);
    if (candidate.problem.empty()) {
        try {
            detail::load_inspected(candidate);
        } catch (const PluginError& refusal) {
            candidate.problem = refusal.what();
        }
    }
    return candidate.problem;
}

// The child's output, read until it closes it or the time limit passes.
std::string read_until_closed(int fd, pid_t child, bool& timed_out) {
    std::string output;
    const auto deadline = std::chrono::steady_clock::now() + probe_time_limit;
    char buffer[4096];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        pollfd ready{fd, POLLIN, 0};
        if (left <= 0 || ::poll(&ready, 1, static_cast<int>(left)) == 0) {
            timed_out = true;
            ::kill(child, SIGKILL);
            return output;
        }
        const auto got = ::read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            return output;
        }
        output.append(buffer, static_cast<std::size_t>(got));
    }
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.find_first_not_of(" \t\r") != std::string::npos) {
            lines.push_back(line);
        }
    }
    return lines;
}

// One line on why the child's load failed, from what it printed and how it ended.
std::string refusal_from(const std::vector<std::string>& lines, int status, bool timed_out,
                         const std::filesystem::path& file) {
    if (timed_out) {
        return "Plugin file '" + file.string() + "' did not finish loading within " +
               std::to_string(probe_time_limit.count()) +
               " s (its static initialisers hang?): refused";
    }
    std::string fatal;
    std::string what;
    for (const auto& line : lines) {
        if (line.rfind("fatal: ", 0) == 0) {
            fatal = line.substr(7);
        } else if (line.find("what():") != std::string::npos) {
            what = line.substr(line.find("what():") + 7);
            what.erase(0, what.find_first_not_of(' '));
        }
    }
    if (!fatal.empty()) {
        return what.empty() ? fatal : fatal + " [uncaught exception: " + what + "]";
    }
    const bool loaded = !lines.empty() && lines.back() == loadable_line;
    if (WIFEXITED(status) && WEXITSTATUS(status) == static_cast<int>(ExitCode::plugin) &&
        !lines.empty()) {
        return lines.back(); // a refusal by the checks, printed by the child
    }
    const std::string how = WIFSIGNALED(status)
                                ? "was killed by signal " + std::to_string(WTERMSIG(status)) +
                                      " (" + ::strsignal(WTERMSIG(status)) + ")"
                                : "exited with status " + std::to_string(WEXITSTATUS(status));
    return "Plugin file '" + file.string() + "': a process that " +
           (loaded ? "loaded it " + how + " when it ended (its static destructors fail?)"
                   : "loaded it " + how + " before the checks could finish") +
           ": refused";
}

} // namespace

std::string probe_in_this_process(const std::filesystem::path& file) {
    return load_problem(file);
}

int probe_plugin_command(const std::filesystem::path& file) {
    const auto problem = load_problem(file);
    std::cout << (problem.empty() ? loadable_line : problem) << std::endl;
    return problem.empty() ? 0 : static_cast<int>(ExitCode::plugin);
}

std::string probe_in_child_process(const std::filesystem::path& host_executable,
                                   const std::filesystem::path& file) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) {
        return std::string("Could not start a process to load '") + file.string() +
               "': " + std::strerror(errno);
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
    const std::string program = host_executable.string();
    const std::string file_text = file.string();
    std::string option = "--probe-plugin";
    std::vector<char*> argv{const_cast<char*>(program.c_str()), option.data(),
                            const_cast<char*>(file_text.c_str()), nullptr};
    pid_t child = 0;
    const int spawn_error =
        ::posix_spawn(&child, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    if (spawn_error != 0) {
        ::close(pipe_fds[0]);
        return "Could not start '" + program + "' to load '" + file_text +
               "': " + std::strerror(spawn_error);
    }
    bool timed_out = false;
    const auto output = read_until_closed(pipe_fds[0], child, timed_out);
    ::close(pipe_fds[0]);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    const auto lines = lines_of(output);
    if (!timed_out && WIFEXITED(status) && WEXITSTATUS(status) == 0 && !lines.empty() &&
        lines.back() == loadable_line) {
        return "";
    }
    return refusal_from(lines, status, timed_out, file);
}

} // namespace nip::core
