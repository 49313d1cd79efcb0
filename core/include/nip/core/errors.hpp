// Errors the core raises, each mapped to one of the host's documented exit codes.
//
// Messages are one line: what was wrong, where, and what to do about it.
#pragma once

#include <stdexcept>
#include <string>

namespace nip::core {

// The host's exit codes (documented in the README and in `host --help`).
enum class ExitCode : int {
    ok = 0,
    training_failed = 1, // the trainer threw during train(); checkpoints are intact
    usage = 2,           // bad command line or hyper-parameters; nothing was run
    plugin = 3,          // plugin not found, not loadable, or refused by the checks
    checkpoint = 4,      // checkpoint damaged or incompatible (see --force/--no-resume)
    io = 5,              // a file could not be written or read, or the run is locked
};

// The core error most recently raised on this thread. A host service that a plugin calls
// (a checkpoint load, say) throws through the plugin's code, whose glue keeps only the
// message; the plugin boundary matches that message against this record to give the
// error its own exit code back.
struct RaisedError {
    ExitCode code = ExitCode::ok;
    std::string message;
};
inline RaisedError& last_raised_error() {
    thread_local RaisedError raised;
    return raised;
}

class Error : public std::runtime_error {
public:
    Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {
        last_raised_error() = {code, message};
    }
    ExitCode code() const noexcept { return code_; }

private:
    ExitCode code_;
};

struct UsageError : Error {
    explicit UsageError(const std::string& m) : Error(ExitCode::usage, m) {}
};
struct PluginError : Error {
    explicit PluginError(const std::string& m) : Error(ExitCode::plugin, m) {}
};
struct CheckpointError : Error {
    explicit CheckpointError(const std::string& m) : Error(ExitCode::checkpoint, m) {}
};
// Stored data that reads back wrong (a manifest cut short, an object whose digest does not
// match): the same exit code as a damaged checkpoint, which is what an artifact holds.
struct DamagedStoreError : Error {
    explicit DamagedStoreError(const std::string& m) : Error(ExitCode::checkpoint, m) {}
};
struct IoError : Error {
    explicit IoError(const std::string& m) : Error(ExitCode::io, m) {}
};

} // namespace nip::core
