// The progress service handed to the trainer, passed through to the console's, that also
// tells the CrashGuard which iteration is running, so that a crash can name it.
#pragma once

#include "nip/core/crash_guard.hpp"
#include "nip/sdk/progress.hpp"

namespace nip::core {

class TrackedProgress : public sdk::Progress {
public:
    explicit TrackedProgress(sdk::Progress& shown) : shown_(shown) {}

    void declare_phase(const std::string& name, std::int64_t total) override {
        shown_.declare_phase(name, total);
    }
    void begin_phase(const std::string& name, std::int64_t done) override {
        shown_.begin_phase(name, done);
        position_ = done;
        CrashGuard::set_iteration(position_);
    }
    void set_description(const std::string& text) override { shown_.set_description(text); }
    void step(std::int64_t n) override {
        shown_.step(n);
        position_ += n;
        CrashGuard::set_iteration(position_);
    }
    void end_phase() override {
        shown_.end_phase();
        CrashGuard::set_iteration(-1);
    }

private:
    sdk::Progress& shown_;
    std::int64_t position_ = 0;
};

} // namespace nip::core
