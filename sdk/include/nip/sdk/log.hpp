// Logging and metrics, implemented by the host: log lines carry level and time and go to
// the terminal and the run's log file; every scalar goes to the run's metrics file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nip::sdk {

enum class LogLevel { debug, info, warning, error };

class Logger {
public:
    virtual ~Logger() = default;
    virtual void log(LogLevel level, std::string_view message) = 0;

    void debug(std::string_view m) { log(LogLevel::debug, m); }
    void info(std::string_view m) { log(LogLevel::info, m); }
    void warning(std::string_view m) { log(LogLevel::warning, m); }
    void error(std::string_view m) { log(LogLevel::error, m); }
};

using Scalars = std::vector<std::pair<std::string, double>>;

class MetricsSink {
public:
    virtual ~MetricsSink() = default;
    // One record: the iteration (the x-axis), the time it was logged, and the scalars.
    virtual void log_scalars(std::int64_t iteration, const Scalars& scalars) = 0;
};

} // namespace nip::sdk
