// Iteration accounting and progress display, implemented by the host.
//
// Every phase of training (train loop, test loop, pretraining, ...) is declared with its
// number of iterations before training starts, so the total is known up front and the
// host can show one overall bar (with rate and ETA) beside each phase's own.
#pragma once

#include <cstdint>
#include <string>

namespace nip::sdk {

class Progress {
public:
    virtual ~Progress() = default;
    // Called once per phase, before train(); the order of declaration is the run order.
    virtual void declare_phase(const std::string& name, std::int64_t total) = 0;
    // `done` iterations of the phase were already taken before this process (resume).
    virtual void begin_phase(const std::string& name, std::int64_t done) = 0;
    virtual void set_description(const std::string& text) = 0;
    virtual void step(std::int64_t n) = 0;
    virtual void end_phase() = 0;
};

} // namespace nip::sdk
