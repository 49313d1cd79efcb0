// Shared by the hyper-parameter tests: a small plugin-like document and error matchers.
#pragma once

#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <string>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "nip/core/errors.hpp"
#include "nip/core/hyper_params.hpp"

namespace nip_test {

// Core's defaults plus an "rl" group, as a trainer plugin would add.
inline nip::core::HyperParamsDocument make_document() {
    const boost::json::object plugin = boost::json::parse(R"({
        "rl": {"lr": 0.003, "num_iterations": 10, "clip": [0.1, 0.2], "layers": [64, 64],
               "optimizer": "adam", "normalise": true, "tags": []}
    })")
                                           .as_object();
    boost::json::object schema = nip::core::core_hyper_params_schema();
    schema["rl.lr"] = boost::json::parse(R"({"min": 0, "exclusive_min": true, "max": 1})");
    schema["rl.optimizer"] = boost::json::parse(R"({"choices": ["adam", "sgd"]})");
    schema["rl.clip"] = boost::json::parse(R"({"min": 0})");
    return nip::core::HyperParamsDocument(
        nip::core::HyperParamsDocument::merge_defaults(nip::core::core_default_hyper_params(),
                                                       "core defaults", plugin, "plugin 'test'"),
        schema);
}

// Runs `action`, which must throw E whose message holds every one of `parts`.
template <class E>
void expect_error(const std::function<void()>& action, std::initializer_list<std::string> parts) {
    try {
        action();
    } catch (const E& error) {
        const std::string message = error.what();
        for (const std::string& part : parts) {
            BOOST_TEST(message.find(part) != std::string::npos,
                       "message '" << message << "' lacks '" << part << "'");
        }
        BOOST_TEST(message.find('\n') == std::string::npos, "message is not one line");
        return;
    }
    BOOST_FAIL("expected an exception, none was thrown");
}

inline void expect_usage_error(const std::function<void()>& action,
                               std::initializer_list<std::string> parts) {
    expect_error<nip::core::UsageError>(action, parts);
}

// Writes `text` to a file in this suite's scratch directory and returns its path.
inline std::filesystem::path write_config(const std::string& name, const std::string& text) {
    const std::filesystem::path directory =
        std::filesystem::path(NIP_TEST_BINARY_DIR) / "hyper_params_scratch";
    std::filesystem::create_directories(directory);
    const std::filesystem::path path = directory / name;
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    return path;
}

} // namespace nip_test
