// The Trainer interface: what every trainer plugin implements (the seed's
// nip.trainers.trainer_base.Trainer, in C++).
//
// A trainer declares its phases in its constructor, implements train(), and keeps
// `state` up to date before each checkpoint. Storage, versioning, progress display and
// the checks behind them are the host's; the trainer only calls them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "nip/sdk/hyper_params.hpp"
#include "nip/sdk/scenario.hpp"
#include "nip/sdk/settings.hpp"
#include "nip/sdk/state.hpp"

namespace nip::sdk {

class Trainer;

// One phase running: the seed's IterationContext. Ends the phase when it goes out of scope.
class IterationContext {
public:
    IterationContext(Progress& progress, const std::string& phase, std::int64_t done)
        : progress_(&progress) {
        progress_->begin_phase(phase, done);
    }
    IterationContext(const IterationContext&) = delete;
    IterationContext& operator=(const IterationContext&) = delete;
    ~IterationContext() { progress_->end_phase(); }

    void set_description(const std::string& text) { progress_->set_description(text); }
    void step(std::int64_t n = 1) { progress_->step(n); }

private:
    Progress* progress_;
};

class Trainer {
public:
    using State = nip::sdk::State;

    explicit Trainer(const TrainerArgs& args)
        : hyper_params_(*args.hyper_params), scenario_(*args.scenario), settings_(*args.settings) {}
    virtual ~Trainer() = default;
    Trainer(const Trainer&) = delete;
    Trainer& operator=(const Trainer&) = delete;

    // Runs every declared phase.
    virtual void train() = 0;

    // A fresh state, for a run with no checkpoint to resume from.
    virtual void initialise_state() { state = State{}; }

    // The tail of the seed's constructor: restore the run's latest checkpoint, or start
    // from a base run, or initialise. Called by the host once, before the total is read.
    void start() {
        if (!settings_.test_run && !settings_.do_not_load_checkpoint) {
            if (auto restored = settings_.checkpoints->load_latest()) {
                state = std::move(*restored);
                logger().info("Resuming from the checkpoint at iteration " +
                              std::to_string(state.iteration));
                on_state_loaded();
                return;
            }
        }
        if (settings_.base_run && !settings_.test_run) {
            load_and_set_state_from_checkpoint(true, settings_.base_run_version);
            return;
        }
        initialise_state();
    }

    // Durably saves `state` (nothing in a test run) and, if `log`, adds the checkpoint's
    // files to the run's state artifact, `state_<run id>`.
    void save_checkpoint(bool log = true) {
        if (settings_.test_run) {
            return;
        }
        before_checkpoint();
        auto files = settings_.checkpoints->save(state, get_metadata());
        if (log && settings_.artifacts != nullptr) {
            settings_.artifacts->add_files("state_" + settings_.run_id, "state", files);
        }
    }

    // From the active run only "latest" is allowed; from the base run any version.
    void load_and_set_state_from_checkpoint(bool from_base_run = false,
                                            const std::string& version = "latest") {
        if (!from_base_run) {
            if (version != "latest") {
                throw std::invalid_argument("Only the latest checkpoint of the active run can "
                                            "be loaded (asked for '" +
                                            version + "'); use a base run for other versions");
            }
            auto restored = settings_.checkpoints->load_latest();
            if (!restored) {
                throw std::runtime_error("Run '" + settings_.run_id + "' has no checkpoint");
            }
            state = std::move(*restored);
        } else {
            if (!settings_.base_run) {
                throw std::invalid_argument("No base run was given to load a checkpoint from");
            }
            state = settings_.checkpoints->load_base_run(*settings_.base_run, version);
            logger().info("Loaded base run '" + *settings_.base_run + "' at " + version +
                          " (iteration " + std::to_string(state.iteration) + ")");
        }
        on_state_loaded();
    }

    // Adds a file to the latest version of a named artifact, creating it if missing;
    // each add makes a new version.
    void add_file_to_artifact(const std::string& name, const std::string& type,
                              const std::filesystem::path& path) {
        if (settings_.artifacts != nullptr && !settings_.test_run) {
            settings_.artifacts->add_files(name, type, {path});
        }
    }

    Metadata get_metadata() const { return settings_.metadata; }

    // Known as soon as the trainer exists: the sum over every declared phase.
    std::int64_t get_total_num_iterations() const {
        std::int64_t total = 0;
        for (const auto& phase : phases_) {
            total += phase.second;
        }
        return total;
    }
    const std::vector<std::pair<std::string, std::int64_t>>& phases() const { return phases_; }

    std::filesystem::path checkpoint_base_dir() const {
        return settings_.checkpoints->paths().base_dir;
    }
    std::filesystem::path checkpoint_metadata_path() const {
        return settings_.checkpoints->paths().metadata;
    }
    std::filesystem::path checkpoint_state_path() const {
        return settings_.checkpoints->paths().state;
    }
    std::filesystem::path checkpoint_params_path() const {
        return settings_.checkpoints->paths().hyper_params;
    }

    const ProtocolHandler& protocol_handler() const { return scenario_.protocol_handler(); }
    const std::vector<std::string>& agent_names() const { return protocol_handler().agent_names(); }
    std::size_t num_agents() const { return agent_names().size(); }
    std::int64_t max_message_rounds() const { return protocol_handler().max_message_rounds(); }

    State state;

protected:
    // Declares a phase and its number of iterations; call in the constructor, in run order.
    void declare_phase(const std::string& name, std::int64_t num_iterations) {
        phases_.emplace_back(name, num_iterations);
        settings_.progress->declare_phase(name, num_iterations);
    }
    // Runs inside a phase: `done` iterations of it were taken before (resume).
    IterationContext iteration_context(const std::string& phase, std::int64_t done = 0) {
        return IterationContext(*settings_.progress, phase, done);
    }

    // Hooks: copy the trainer's live objects into `state` before a checkpoint, and back
    // out of it after one was loaded.
    virtual void before_checkpoint() {}
    virtual void on_state_loaded() {}

    void log_metrics(std::int64_t iteration, const Scalars& scalars) {
        settings_.metrics->log_scalars(iteration, scalars);
    }
    Logger& logger() const { return *settings_.logger; }

    const HyperParams& hyper_params() const { return hyper_params_; }
    ScenarioInstance& scenario() const { return scenario_; }
    const Settings& settings() const { return settings_; }

private:
    const HyperParams& hyper_params_;
    ScenarioInstance& scenario_;
    const Settings& settings_;
    std::vector<std::pair<std::string, std::int64_t>> phases_;
};

} // namespace nip::sdk
