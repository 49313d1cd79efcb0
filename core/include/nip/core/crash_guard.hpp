// Naming the plugin when its code takes the process down.
//
// A plugin runs in the host's process, so a segfault, an abort (an exception escaping a
// static initialiser ends in one), or a call to exit() in its code would end the host
// with no word on who did it. While a CrashGuard is alive, such an ending first writes
// one line to stderr (and to the run's log, if set) saying which plugin, doing what, at
// which iteration, and then ends the process the documented way.
//
// Only one guard is alive at a time (the host runs one plugin). The handlers use only
// async-signal-safe calls: the message is prepared before anything can go wrong.
#pragma once

#include <cstdint>
#include <string>

namespace nip::core {

class CrashGuard {
public:
    struct Ending {
        // exit() called by the plugin: the process exits with this code instead.
        int exit_code;
        // A fatal signal: true ends the process by the same signal after the message
        // (the shell sees 128+N, a core dump can still be written); false exits with
        // exit_code.
        bool keep_signal;
    };

    // `doing`: e.g. "Plugin 'x' (/path/x.so) crashed while being loaded"; `advice` follows
    // the signal's name and the iteration, e.g. "; the last checkpoint is intact".
    CrashGuard(std::string doing, std::string advice, Ending ending);
    ~CrashGuard();
    CrashGuard(const CrashGuard&) = delete;
    CrashGuard& operator=(const CrashGuard&) = delete;

    // The iteration being run, reported in the message; negative for none.
    static void set_iteration(std::int64_t iteration);
    // A file descriptor (the run's log) that also gets the message; -1 for none.
    static void also_write_to(int fd);
};

} // namespace nip::core
