// The run's logger: each line carries its time and level,
//   2026-11-25 09:31:02.123 [info] message
// and goes to the terminal (through the Console, so it never cuts into a progress bar) and,
// once the run directory is known, to the run's log file (appended to, flushed per line, so
// the file is complete up to the last line even if the process dies).
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

#include "nip/core/console.hpp"
#include "nip/sdk/log.hpp"

namespace spdlog {
class logger;
}

namespace nip::core {

class RunLogger : public sdk::Logger {
public:
    // Throws IoError if `log_file` cannot be opened.
    RunLogger(Console& console, std::optional<std::filesystem::path> log_file,
              sdk::LogLevel min_level = sdk::LogLevel::info);
    ~RunLogger() override;
    RunLogger(const RunLogger&) = delete;
    RunLogger& operator=(const RunLogger&) = delete;

    void log(sdk::LogLevel level, std::string_view message) override;

    // Sends the lines from now on to `log_file` too (replacing any earlier file): the run's
    // directory is only known after the first lines are logged. Throws IoError if it cannot
    // be opened.
    void set_file(const std::filesystem::path& log_file);

private:
    // Serialises log() with set_file(), which changes the logger's sinks.
    std::mutex mutex_;
    std::shared_ptr<spdlog::logger> logger_;
    bool has_file_ = false;
};

} // namespace nip::core
