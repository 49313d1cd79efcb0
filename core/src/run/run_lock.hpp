// One run, one writer: a host holds an exclusive lock on its run directory for as long as
// it trains, so that a second host given the same --run-id is refused at once instead of
// writing the same metrics, checkpoints and artifacts. The lock is flock(2) on the file
// `lock` in the run directory: the kernel releases it when the process ends, however it
// ends (SIGKILL included), so a crashed run never leaves a stale lock behind.
#pragma once

#include <filesystem>
#include <string>

namespace nip::core {

class RunLock {
public:
    // Takes the lock, or throws IoError (exit 5) naming the process that holds it.
    RunLock(const std::filesystem::path& run_dir, const std::string& run_id);
    ~RunLock();
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

private:
    int fd_ = -1;
};

} // namespace nip::core
