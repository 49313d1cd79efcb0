// Small stand-ins for the host's services, so a test can make a trainer with
// create_trainer() without the rest of core. The recording ones let a test see what the
// plugin did through them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "nip/sdk/sdk.hpp"

namespace nip_test {

class EmptyHyperParams : public nip::sdk::HyperParams {
public:
    bool has(const std::string&) const override { return false; }
    std::int64_t get_int(const std::string& path) const override { throw missing(path); }
    double get_double(const std::string& path) const override { throw missing(path); }
    bool get_bool(const std::string& path) const override { throw missing(path); }
    std::string get_string(const std::string& path) const override { throw missing(path); }
    std::vector<double> get_double_list(const std::string& path) const override {
        throw missing(path);
    }
    std::string json(const std::string&) const override { return "{}"; }

private:
    static std::out_of_range missing(const std::string& path) {
        return std::out_of_range("no hyper-parameter '" + path + "' in the fake");
    }
};

class OneVerifierProtocol : public nip::sdk::ProtocolHandler {
public:
    std::string name() const override { return "fake"; }
    const std::vector<std::string>& agent_names() const override { return agents_; }
    const std::vector<std::string>& message_channel_names() const override { return channels_; }
    std::int64_t max_message_rounds() const override { return 1; }
    std::int64_t min_message_rounds() const override { return 1; }
    bool can_see_channel(std::size_t, std::size_t) const override { return true; }
    bool is_active(std::size_t, std::int64_t, std::size_t, std::int64_t) const override {
        return true;
    }
    bool is_verifier(std::size_t) const override { return true; }
    // The plugin-loading tests play no game.
    nip::sdk::StepOutcome step_outcome(const nip::sdk::StepInputs&) const override {
        throw std::logic_error("the fake protocol plays no game");
    }

private:
    std::vector<std::string> agents_{"verifier"};
    std::vector<std::string> channels_{"main"};
};

class NoAgentsScenario : public nip::sdk::ScenarioInstance {
public:
    std::string name() const override { return "fake"; }
    const nip::sdk::ProtocolHandler& protocol_handler() const override { return protocol_; }
    std::map<std::string, nip::sdk::AgentParts>& agents() override { return agents_; }
    std::unique_ptr<nip::sdk::Environment> make_environment(nip::sdk::Split, std::int64_t,
                                                            std::uint64_t) const override {
        throw std::logic_error("the fake scenario has no environment");
    }

private:
    OneVerifierProtocol protocol_;
    std::map<std::string, nip::sdk::AgentParts> agents_;
};

class RecordingLogger : public nip::sdk::Logger {
public:
    void log(nip::sdk::LogLevel, std::string_view message) override { lines.emplace_back(message); }
    std::vector<std::string> lines;
};

class RecordingMetrics : public nip::sdk::MetricsSink {
public:
    void log_scalars(std::int64_t iteration, const nip::sdk::Scalars& scalars) override {
        records.emplace_back(iteration, scalars);
    }
    std::vector<std::pair<std::int64_t, nip::sdk::Scalars>> records;
};

class RecordingProgress : public nip::sdk::Progress {
public:
    void declare_phase(const std::string& name, std::int64_t total) override {
        declared.emplace_back(name, total);
    }
    void begin_phase(const std::string& name, std::int64_t) override { begun.push_back(name); }
    void set_description(const std::string&) override {}
    void step(std::int64_t n) override { steps += n; }
    void end_phase() override { ++ended; }

    std::vector<std::pair<std::string, std::int64_t>> declared;
    std::vector<std::string> begun;
    std::int64_t steps = 0;
    int ended = 0;
};

// A run with no checkpoint yet: start() must initialise a fresh state.
class NoCheckpoints : public nip::sdk::CheckpointStore {
public:
    nip::sdk::CheckpointPaths paths() const override { return {}; }
    std::vector<std::filesystem::path> save(const nip::sdk::State&,
                                            const nip::sdk::Metadata&) override {
        return {};
    }
    std::optional<nip::sdk::State> load_latest() override { return std::nullopt; }
    nip::sdk::State load_base_run(const std::string& base_run, const std::string&) override {
        throw std::runtime_error("no base run '" + base_run + "' in the fake");
    }
};

class NoArtifacts : public nip::sdk::ArtifactStore {
public:
    nip::sdk::ArtifactVersion add_files(const std::string& name, const std::string& type,
                                        const std::vector<std::filesystem::path>&) override {
        return {name, type, 0, {}};
    }
    nip::sdk::ArtifactVersion describe(const std::string& name, const std::string&) override {
        throw std::runtime_error("no artifact '" + name + "' in the fake");
    }
    void fetch(const std::string& name, const std::string&, const std::filesystem::path&) override {
        throw std::runtime_error("no artifact '" + name + "' in the fake");
    }
};

// Everything a trainer's factory is handed; must outlive the trainer.
struct FakeHost {
    FakeHost() {
        settings.run_id = "test-run";
        settings.logger = &logger;
        settings.metrics = &metrics;
        settings.progress = &progress;
        settings.checkpoints = &checkpoints;
        settings.artifacts = &artifacts;
    }
    FakeHost(const FakeHost&) = delete;
    FakeHost& operator=(const FakeHost&) = delete;

    nip::sdk::TrainerArgs args() { return {&hyper_params, &scenario, &settings}; }

    EmptyHyperParams hyper_params;
    NoAgentsScenario scenario;
    RecordingLogger logger;
    RecordingMetrics metrics;
    RecordingProgress progress;
    NoCheckpoints checkpoints;
    NoArtifacts artifacts;
    nip::sdk::Settings settings;
};

} // namespace nip_test
