// The run's metrics file: one JSON object per line (JSON Lines), one line per
// log_scalars call, so any tool can read it while the run is still going.
//
//   {"iteration":120,"time":"2026-11-25T09:31:02.123Z","elapsed_s":38.7,
//    "scalars":{"loss":0.25,"reward":null},"non_finite":["reward"]}
//
// JSON has no NaN or infinity: such values are written as null and their names listed in
// "non_finite", so a reader can tell a diverged value from a missing one. Scalars are
// always written as doubles (2.0, not 2), so typed readers see one type.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "nip/sdk/log.hpp"

namespace nip::core {

class JsonlMetrics : public sdk::MetricsSink {
public:
    // Opens `file` for appending (created if missing); throws IoError if it cannot.
    explicit JsonlMetrics(std::filesystem::path file);

    // Appends and flushes one record; throws IoError if the write fails.
    void log_scalars(std::int64_t iteration, const sdk::Scalars& scalars) override;

    // On resume: keeps only the records with an iteration below `iteration` (the ones the
    // restored checkpoint already covers), so iterations run again after a crash are not
    // logged twice. Lines that do not parse (a record torn by the crash) go too. The file is
    // replaced atomically. Returns the number of lines removed.
    std::size_t drop_from(std::int64_t iteration);

    const std::filesystem::path& file() const { return file_; }

private:
    void open_for_append();

    std::mutex mutex_;
    std::filesystem::path file_;
    std::ofstream out_;
    std::chrono::steady_clock::time_point created_at_;
};

} // namespace nip::core
