#include "nip/core/run_logger.hpp"

#include <spdlog/details/null_mutex.h>
#include <spdlog/logger.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/basic_file_sink.h>

#include "nip/core/errors.hpp"

namespace nip::core {
namespace {

// The same text on the terminal and in the file; local time, as a person reads it.
constexpr const char* line_pattern = "%Y-%m-%d %H:%M:%S.%e [%l] %v";

// The RunLogger's mutex already serialises every call, hence no mutex of its own.
class ConsoleSink : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
public:
    explicit ConsoleSink(Console& console) : console_(console) {}

protected:
    void sink_it_(const spdlog::details::log_msg& message) override {
        spdlog::memory_buf_t text;
        formatter_->format(message, text);
        std::string_view line(text.data(), text.size());
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
            line.remove_suffix(1);
        }
        console_.print_line(line);
    }
    void flush_() override {}

private:
    Console& console_;
};

spdlog::level::level_enum to_spdlog(sdk::LogLevel level) {
    switch (level) {
    case sdk::LogLevel::debug:
        return spdlog::level::debug;
    case sdk::LogLevel::info:
        return spdlog::level::info;
    case sdk::LogLevel::warning:
        return spdlog::level::warn;
    case sdk::LogLevel::error:
        return spdlog::level::err;
    }
    return spdlog::level::err;
}

spdlog::sink_ptr make_file_sink(const std::filesystem::path& log_file) {
    try {
        auto sink = std::make_shared<spdlog::sinks::basic_file_sink_st>(log_file.string(), false);
        sink->set_pattern(line_pattern);
        return sink;
    } catch (const spdlog::spdlog_ex& error) {
        throw IoError("Cannot open the log file '" + log_file.string() + "': " + error.what() +
                      "; check that its directory exists and is writable");
    }
}

} // namespace

RunLogger::RunLogger(Console& console, std::optional<std::filesystem::path> log_file,
                     sdk::LogLevel min_level) {
    auto console_sink = std::make_shared<ConsoleSink>(console);
    console_sink->set_pattern(line_pattern);
    // Made directly and never registered: spdlog's global registry would tie this logger's
    // life and name to process-wide state shared with anything else using spdlog.
    logger_ = std::make_shared<spdlog::logger>("nip", spdlog::sink_ptr(console_sink));
    logger_->set_level(to_spdlog(min_level));
    logger_->flush_on(spdlog::level::trace);
    if (log_file) {
        set_file(*log_file);
    }
}

RunLogger::~RunLogger() = default;

void RunLogger::log(sdk::LogLevel level, std::string_view message) {
    std::lock_guard lock(mutex_);
    logger_->log(to_spdlog(level), spdlog::string_view_t(message.data(), message.size()));
}

void RunLogger::set_file(const std::filesystem::path& log_file) {
    auto file_sink = make_file_sink(log_file);
    std::lock_guard lock(mutex_);
    auto& sinks = logger_->sinks();
    if (has_file_) {
        sinks.back() = std::move(file_sink);
    } else {
        sinks.push_back(std::move(file_sink));
        has_file_ = true;
    }
}

} // namespace nip::core
