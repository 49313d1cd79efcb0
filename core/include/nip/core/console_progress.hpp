// Iteration accounting and its display: a bar per phase and one overall bar on a terminal,
// plain periodic lines elsewhere (log files, CI).
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "nip/core/console.hpp"
#include "nip/sdk/progress.hpp"

namespace nip::core {

// Seconds on a monotonic clock; the default clock of ConsoleProgress.
double steady_seconds();

class ConsoleProgress : public sdk::Progress {
public:
    explicit ConsoleProgress(Console& console, double plain_period_seconds = 5.0,
                             std::function<double()> clock = &steady_seconds);

    // Misuse (unknown phase, negative counts, stepping past a declared total) throws
    // std::logic_error: it is a bug in the trainer that the user should see, not a state
    // to paper over with a bar past 100%.
    void declare_phase(const std::string& name, std::int64_t total) override;
    void begin_phase(const std::string& name, std::int64_t done) override;
    void set_description(const std::string& text) override;
    void step(std::int64_t n) override;
    void end_phase() override;

    // Iterations in all declared phases.
    std::int64_t total() const;
    // Iterations done overall: the totals of the phases before the current one plus the
    // current phase's position (which includes iterations done before a resume).
    std::int64_t position() const;
    // Iterations stepped in this process (excluding those done before a resume).
    std::int64_t steps_taken() const;

private:
    struct Phase {
        std::string name;
        std::int64_t total = 0;
        std::int64_t position = 0;
    };

    std::int64_t total_locked() const;
    std::int64_t position_locked() const;
    // Iterations per second over this process's steps; nullopt until it can be measured.
    std::optional<double> rate_locked(double now) const;
    // The display of the running phase (current_ is set).
    std::string plain_line_locked(double now) const;
    std::vector<std::string> bar_lines_locked(double now) const;
    // Draws the bars, or prints a plain line, unless the last one was too recent.
    void show_locked(double now);

    mutable std::mutex mutex_;
    Console& console_;
    double plain_period_seconds_;
    std::function<double()> clock_;
    std::vector<Phase> phases_;
    std::optional<std::size_t> current_;    // index into phases_ of the running phase
    std::optional<std::size_t> last_begun_; // stays after end_phase, for position()
    std::string description_;
    std::int64_t steps_taken_ = 0;
    std::optional<double> started_at_; // first begin_phase in this process
    std::optional<double> phase_started_at_;
    std::optional<double> last_shown_at_;
};

} // namespace nip::core
