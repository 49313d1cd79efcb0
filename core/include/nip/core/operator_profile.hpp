// Where a run's time goes, operator by operator: libtorch's autograd profiler (the legacy
// one, CPU only) records every ATen operator and autograd node the profiled thread runs,
// and the table ranks them by self time (the time spent in an operator minus the time of
// the operators it called), which is what says what to remove.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nip::core {

struct OperatorTime {
    std::string name;       // "aten::addmm", "TanhBackward0", ...
    std::int64_t calls = 0; // how many times it ran
    double self_us = 0;     // time in it, less the time of operators it called
    double total_us = 0;    // time in it, its callees included
};

class OperatorProfile {
public:
    // Starts recording on the calling thread (and the tasks it launches through ATen).
    OperatorProfile();
    // Stops recording if stop() was not called.
    ~OperatorProfile();
    OperatorProfile(const OperatorProfile&) = delete;
    OperatorProfile& operator=(const OperatorProfile&) = delete;

    // Stops recording and returns every operator seen, by self time, largest first.
    std::vector<OperatorTime> stop();

private:
    bool recording_ = true;
};

// A plain-text table of the `top` operators by self time, with calls, self time, its share
// of the recorded time, and the mean self time per call.
std::string operator_table(const std::vector<OperatorTime>& operators, std::size_t top);

} // namespace nip::core
