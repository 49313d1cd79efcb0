#include "nip/core/operator_profile.hpp"

#include <algorithm>
#include <iomanip>
#include <map>
#include <sstream>

#include <torch/csrc/autograd/profiler_legacy.h>

namespace nip::core {

namespace profiler = torch::autograd::profiler;

OperatorProfile::OperatorProfile() {
    profiler::enableProfilerLegacy(
        torch::profiler::impl::ProfilerConfig(torch::profiler::impl::ProfilerState::CPU));
}

OperatorProfile::~OperatorProfile() {
    if (recording_) {
        try {
            stop();
        } catch (...) {
            // A destructor must not throw; the profile is lost, the run is not.
        }
    }
}

std::vector<OperatorTime> OperatorProfile::stop() {
    recording_ = false;
    const auto lists = profiler::disableProfilerLegacy();
    std::map<std::string, OperatorTime> by_name;
    // Each thread's events come in time order, ranges properly nested: a stack pairs each
    // pop with its push, and a finished range's time is taken off its parent's self time.
    struct Open {
        const profiler::LegacyEvent* push;
        double children_us = 0;
    };
    for (const auto& list : lists) {
        std::vector<Open> stack;
        for (const auto& event : list) {
            if (event.kindStr() == "push") {
                stack.push_back({&event});
            } else if (event.kindStr() == "pop" && !stack.empty()) {
                const Open open = stack.back();
                stack.pop_back();
                const double total = open.push->cpuElapsedUs(event);
                auto& entry = by_name[open.push->name()];
                entry.calls += 1;
                entry.total_us += total;
                entry.self_us += total - open.children_us;
                if (!stack.empty()) {
                    stack.back().children_us += total;
                }
            }
        }
    }
    std::vector<OperatorTime> operators;
    for (auto& [name, entry] : by_name) {
        entry.name = name;
        operators.push_back(entry);
    }
    std::sort(operators.begin(), operators.end(),
              [](const OperatorTime& a, const OperatorTime& b) { return a.self_us > b.self_us; });
    return operators;
}

std::string operator_table(const std::vector<OperatorTime>& operators, std::size_t top) {
    double recorded_us = 0;
    for (const auto& entry : operators) {
        recorded_us += entry.self_us;
    }
    std::ostringstream text;
    text << std::left << std::setw(48) << "operator" << std::right << std::setw(10) << "calls"
         << std::setw(12) << "self ms" << std::setw(9) << "share" << std::setw(13) << "us per call"
         << '\n';
    text << std::fixed;
    for (std::size_t i = 0; i < std::min(top, operators.size()); ++i) {
        const auto& entry = operators[i];
        text << std::left << std::setw(48) << entry.name.substr(0, 47) << std::right
             << std::setw(10) << entry.calls << std::setw(12) << std::setprecision(1)
             << entry.self_us / 1000.0 << std::setw(8)
             << (recorded_us > 0 ? 100.0 * entry.self_us / recorded_us : 0.0) << '%'
             << std::setw(13) << std::setprecision(2)
             << entry.self_us / static_cast<double>(std::max<std::int64_t>(entry.calls, 1)) << '\n';
    }
    text << std::setprecision(1) << "recorded: " << recorded_us / 1000.0
         << " ms of operator time in " << operators.size() << " kinds of operator\n";
    return text.str();
}

} // namespace nip::core
