#include "nip/core/console_progress.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace nip::core {
namespace {

constexpr double redraw_period_seconds = 0.1;
constexpr std::int64_t bar_width = 30;
const std::string overall_label = "overall";

std::string percent_text(std::int64_t position, std::int64_t total) {
    double percent =
        total > 0 ? 100.0 * static_cast<double>(position) / static_cast<double>(total) : 100.0;
    char text[16];
    std::snprintf(text, sizeof(text), "%.1f%%", percent);
    return text;
}

std::string duration_text(double seconds) {
    auto whole = static_cast<std::int64_t>(std::max(0.0, std::round(seconds)));
    char text[32];
    std::snprintf(text, sizeof(text), "%lld:%02lld:%02lld", static_cast<long long>(whole / 3600),
                  static_cast<long long>(whole / 60 % 60), static_cast<long long>(whole % 60));
    return text;
}

std::string rate_text(std::optional<double> rate) {
    if (!rate) {
        return "? it/s";
    }
    char text[32];
    std::snprintf(text, sizeof(text), "%.2f it/s", *rate);
    return text;
}

std::string eta_text(std::optional<double> rate, std::int64_t remaining) {
    if (remaining <= 0) {
        return "ETA " + duration_text(0);
    }
    if (!rate) {
        return "ETA ?";
    }
    return "ETA " + duration_text(static_cast<double>(remaining) / *rate);
}

std::string bar_text(std::int64_t position, std::int64_t total) {
    std::int64_t filled = total > 0 ? position * bar_width / total : bar_width;
    filled = std::clamp<std::int64_t>(filled, 0, bar_width);
    // Built by appends: GCC 12 warns falsely (-Wrestrict) on `"[" + std::string(n, c)`.
    std::string bar;
    bar.reserve(static_cast<std::size_t>(bar_width) + 2);
    bar.push_back('[');
    bar.append(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(bar_width - filled), '.');
    bar.push_back(']');
    return bar;
}

std::string padded(const std::string& text, std::size_t width) {
    return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

} // namespace

double steady_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

ConsoleProgress::ConsoleProgress(Console& console, double plain_period_seconds,
                                 std::function<double()> clock)
    : console_(console), plain_period_seconds_(plain_period_seconds), clock_(std::move(clock)) {}

void ConsoleProgress::declare_phase(const std::string& name, std::int64_t total) {
    std::lock_guard lock(mutex_);
    if (total < 0) {
        throw std::logic_error("Progress phase '" + name + "' declared with a negative total (" +
                               std::to_string(total) + "); declare the number of iterations");
    }
    auto same_name = [&](const Phase& phase) { return phase.name == name; };
    if (std::any_of(phases_.begin(), phases_.end(), same_name)) {
        throw std::logic_error("Progress phase '" + name +
                               "' declared twice; give each phase its own name");
    }
    phases_.push_back(Phase{name, total, 0});
}

void ConsoleProgress::begin_phase(const std::string& name, std::int64_t done) {
    std::lock_guard lock(mutex_);
    if (current_) {
        throw std::logic_error("Progress phase '" + name + "' begun while phase '" +
                               phases_[*current_].name + "' is running; call end_phase() first");
    }
    auto found = std::find_if(phases_.begin(), phases_.end(),
                              [&](const Phase& phase) { return phase.name == name; });
    if (found == phases_.end()) {
        throw std::logic_error("Progress phase '" + name +
                               "' begun but never declared; call declare_phase() before train()");
    }
    if (done < 0 || done > found->total) {
        throw std::logic_error("Progress phase '" + name + "' begun with " + std::to_string(done) +
                               " iterations done, outside its declared total of " +
                               std::to_string(found->total));
    }
    found->position = done;
    current_ = static_cast<std::size_t>(found - phases_.begin());
    last_begun_ = current_;
    description_.clear();
    double now = clock_();
    if (!started_at_) {
        started_at_ = now;
    }
    phase_started_at_ = now;
    if (console_.is_terminal()) {
        console_.set_status(bar_lines_locked(now));
        last_shown_at_ = now;
    }
}

void ConsoleProgress::set_description(const std::string& text) {
    std::lock_guard lock(mutex_);
    description_ = text;
    if (current_ && console_.is_terminal()) {
        show_locked(clock_());
    }
}

void ConsoleProgress::step(std::int64_t n) {
    std::lock_guard lock(mutex_);
    if (!current_) {
        throw std::logic_error("Progress step() called outside a phase; call begin_phase() first");
    }
    Phase& phase = phases_[*current_];
    if (n < 0) {
        throw std::logic_error("Progress phase '" + phase.name + "' stepped by a negative count (" +
                               std::to_string(n) + ")");
    }
    if (phase.position + n > phase.total) {
        throw std::logic_error("Progress phase '" + phase.name + "' stepped to " +
                               std::to_string(phase.position + n) + " past its declared total of " +
                               std::to_string(phase.total) +
                               "; the trainer must declare every iteration it runs");
    }
    phase.position += n;
    steps_taken_ += n;
    show_locked(clock_());
}

void ConsoleProgress::end_phase() {
    std::lock_guard lock(mutex_);
    if (!current_) {
        throw std::logic_error("Progress end_phase() called outside a phase");
    }
    const Phase& phase = phases_[*current_];
    double now = clock_();
    std::string elapsed = duration_text(now - phase_started_at_.value_or(now));
    std::string outcome = phase.position == phase.total
                              ? " finished " + std::to_string(phase.total) + " in " + elapsed
                              : " stopped at " + std::to_string(phase.position) + "/" +
                                    std::to_string(phase.total) + " after " + elapsed;
    std::int64_t overall_total = total_locked();
    std::int64_t overall_position = position_locked();
    current_.reset();
    description_.clear();
    // The bars go; the line stays as the phase's record in the scroll-back and the log.
    console_.set_status({});
    console_.print_line("[progress] " + phase.name + outcome + " | " + overall_label + " " +
                        std::to_string(overall_position) + "/" + std::to_string(overall_total) +
                        " (" + percent_text(overall_position, overall_total) + ")");
}

std::int64_t ConsoleProgress::total() const {
    std::lock_guard lock(mutex_);
    return total_locked();
}

std::int64_t ConsoleProgress::position() const {
    std::lock_guard lock(mutex_);
    return position_locked();
}

std::int64_t ConsoleProgress::steps_taken() const {
    std::lock_guard lock(mutex_);
    return steps_taken_;
}

std::int64_t ConsoleProgress::total_locked() const {
    std::int64_t sum = 0;
    for (const auto& phase : phases_) {
        sum += phase.total;
    }
    return sum;
}

std::int64_t ConsoleProgress::position_locked() const {
    if (!last_begun_) {
        return 0;
    }
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < *last_begun_; ++i) {
        sum += phases_[i].total;
    }
    return sum + phases_[*last_begun_].position;
}

std::optional<double> ConsoleProgress::rate_locked(double now) const {
    if (!started_at_ || steps_taken_ == 0 || now <= *started_at_) {
        return std::nullopt;
    }
    return static_cast<double>(steps_taken_) / (now - *started_at_);
}

std::string ConsoleProgress::plain_line_locked(double now) const {
    const Phase& phase = phases_[*current_];
    std::int64_t overall_total = total_locked();
    std::int64_t overall_position = position_locked();
    auto rate = rate_locked(now);
    std::string line = "[progress] " + phase.name + " " + std::to_string(phase.position) + "/" +
                       std::to_string(phase.total) + " (" +
                       percent_text(phase.position, phase.total) + ") | " + overall_label + " " +
                       std::to_string(overall_position) + "/" + std::to_string(overall_total) +
                       " (" + percent_text(overall_position, overall_total) + ") | " +
                       rate_text(rate) + " | " + eta_text(rate, overall_total - overall_position);
    if (!description_.empty()) {
        line += " | " + description_;
    }
    return line;
}

std::vector<std::string> ConsoleProgress::bar_lines_locked(double now) const {
    const Phase& phase = phases_[*current_];
    std::int64_t overall_total = total_locked();
    std::int64_t overall_position = position_locked();
    auto rate = rate_locked(now);
    std::size_t label_width = std::max(phase.name.size(), overall_label.size());
    std::string phase_line = padded(phase.name, label_width) + " " +
                             bar_text(phase.position, phase.total) + " " +
                             std::to_string(phase.position) + "/" + std::to_string(phase.total) +
                             " " + percent_text(phase.position, phase.total);
    if (!description_.empty()) {
        phase_line += " | " + description_;
    }
    std::string overall_line =
        padded(overall_label, label_width) + " " + bar_text(overall_position, overall_total) + " " +
        std::to_string(overall_position) + "/" + std::to_string(overall_total) + " " +
        percent_text(overall_position, overall_total) + " | " + rate_text(rate) + " | " +
        eta_text(rate, overall_total - overall_position);
    return {phase_line, overall_line};
}

void ConsoleProgress::show_locked(double now) {
    double period = console_.is_terminal() ? redraw_period_seconds : plain_period_seconds_;
    if (last_shown_at_ && now - *last_shown_at_ < period) {
        return;
    }
    last_shown_at_ = now;
    if (console_.is_terminal()) {
        console_.set_status(bar_lines_locked(now));
    } else {
        console_.print_line(plain_line_locked(now));
    }
}

} // namespace nip::core
