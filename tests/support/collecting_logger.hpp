// A logger that keeps what it was told, for tests to inspect.
#pragma once

#include <string>
#include <vector>

#include "nip/sdk/log.hpp"

namespace nip::test {

struct CollectingLogger final : sdk::Logger {
    std::vector<std::string> lines;
    void log(sdk::LogLevel, std::string_view message) override { lines.emplace_back(message); }
    bool said(const std::string& text) const {
        for (const auto& line : lines) {
            if (line.find(text) != std::string::npos) {
                return true;
            }
        }
        return false;
    }
};

} // namespace nip::test
