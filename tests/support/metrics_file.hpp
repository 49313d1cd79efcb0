// Reads a run's metrics.jsonl back: one JSON object per line, each with the iteration
// ("step") and the scalars logged at it.
#pragma once

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace nip::test {

inline std::vector<boost::json::object> read_metrics(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) {
        throw std::runtime_error("no metrics file at " + file.string());
    }
    std::vector<boost::json::object> lines;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty()) {
            lines.push_back(boost::json::parse(line).as_object());
        }
    }
    return lines;
}

// The last value logged under `name`, if any line has it.
inline std::optional<double> last_metric(const std::vector<boost::json::object>& lines,
                                         const std::string& name) {
    for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
        const auto* found = it->if_contains("scalars");
        const auto& scalars = found != nullptr ? found->as_object() : *it;
        if (const auto* value = scalars.if_contains(name)) {
            return value->to_number<double>();
        }
    }
    return std::nullopt;
}

} // namespace nip::test
