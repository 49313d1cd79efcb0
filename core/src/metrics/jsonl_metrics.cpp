#include "nip/core/jsonl_metrics.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <sstream>
#include <string>

#include <boost/json.hpp>

#include "nip/core/durable_fs.hpp"
#include "nip/core/errors.hpp"
#include "nip/core/time_text.hpp"

namespace nip::core {
namespace fs = std::filesystem;
namespace {

// Writes `value` as compact JSON. Boost.JSON 1.81 writes every double in exponent form
// ("1E-1"); std::to_chars gives the shortest text that reads back to the same double ("0.1"),
// which a person tailing the file can scan. Everything else is Boost.JSON's.
void append_json(std::string& out, const boost::json::value& value) {
    if (value.is_double()) {
        char text[32];
        auto end = std::to_chars(text, text + sizeof(text), value.get_double()).ptr;
        std::string_view number(text, static_cast<std::size_t>(end - text));
        out += number;
        // "2" would read back as an integer; scalars stay doubles for every reader.
        if (number.find_first_of(".e") == std::string_view::npos) {
            out += ".0";
        }
    } else if (value.is_object()) {
        out += '{';
        const char* separator = "";
        for (const auto& [key, member] : value.get_object()) {
            out += separator;
            out += boost::json::serialize(key);
            out += ':';
            append_json(out, member);
            separator = ",";
        }
        out += '}';
    } else {
        out += boost::json::serialize(value);
    }
}

// Whether a line of the file is a complete record from before `iteration`.
bool is_record_before(const std::string& line, std::int64_t iteration) {
    boost::system::error_code error;
    boost::json::value record = boost::json::parse(line, error);
    if (error || !record.is_object()) {
        return false;
    }
    const auto* logged = record.as_object().if_contains("iteration");
    return logged != nullptr && logged->is_int64() && logged->as_int64() < iteration;
}

} // namespace

JsonlMetrics::JsonlMetrics(fs::path file)
    : file_(std::move(file)), created_at_(std::chrono::steady_clock::now()) {
    open_for_append();
}

void JsonlMetrics::open_for_append() {
    out_.open(file_, std::ios::out | std::ios::app);
    if (!out_) {
        throw IoError("Cannot open the metrics file '" + file_.string() +
                      "' for appending: " + std::strerror(errno) +
                      "; check that the run directory exists and is writable");
    }
}

void JsonlMetrics::log_scalars(std::int64_t iteration, const sdk::Scalars& scalars) {
    boost::json::object values;
    boost::json::array non_finite;
    for (const auto& [name, value] : scalars) {
        if (std::isfinite(value)) {
            values[name] = value;
        } else {
            values[name] = nullptr;
            non_finite.emplace_back(name);
        }
    }
    std::lock_guard lock(mutex_);
    std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - created_at_;
    boost::json::object record;
    record["iteration"] = iteration;
    record["time"] = utc_now_iso();
    record["elapsed_s"] = elapsed.count();
    record["scalars"] = std::move(values);
    if (!non_finite.empty()) {
        record["non_finite"] = std::move(non_finite);
    }
    std::string line;
    append_json(line, record);
    line += '\n';
    out_ << line;
    out_.flush();
    if (!out_) {
        throw IoError("Cannot write to the metrics file '" + file_.string() +
                      "'; check free disk space and permissions");
    }
}

std::size_t JsonlMetrics::drop_from(std::int64_t iteration) {
    std::lock_guard lock(mutex_);
    out_.close();
    std::size_t removed = 0;
    try {
        std::istringstream lines(read_file(file_));
        std::string kept;
        for (std::string line; std::getline(lines, line);) {
            if (is_record_before(line, iteration)) {
                kept += line;
                kept += '\n';
            } else {
                ++removed;
            }
        }
        if (removed > 0) {
            write_file_atomically(file_, kept);
        }
    } catch (...) {
        // The error in hand is the one to report; appends still need a file to go to.
        out_.open(file_, std::ios::out | std::ios::app);
        throw;
    }
    // After the rename the path names a new file: appends must go to it, not the old one.
    open_for_append();
    return removed;
}

} // namespace nip::core
