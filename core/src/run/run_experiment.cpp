#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include <boost/json.hpp>
#include <fcntl.h>
#include <torch/cuda.h>
#include <unistd.h>

#include "allocator.hpp"
#include "cpu_threads.hpp"
#include "nip/core/console.hpp"
#include "nip/core/console_progress.hpp"
#include "nip/core/crash_guard.hpp"
#include "nip/core/hyper_params.hpp"
#include "nip/core/json_text.hpp"
#include "nip/core/jsonl_metrics.hpp"
#include "nip/core/local_artifact_store.hpp"
#include "nip/core/local_checkpoint_store.hpp"
#include "nip/core/operator_profile.hpp"
#include "nip/core/package.hpp"
#include "nip/core/plugin_registry.hpp"
#include "nip/core/protocols/protocol_factory.hpp"
#include "nip/core/run.hpp"
#include "nip/core/run_logger.hpp"
#include "nip/core/scenarios/scenario_builder.hpp"
#include "nip/sdk/settings.hpp"
#include "resume_checks.hpp"
#include "run_lock.hpp"
#include "run_parts.hpp"
#include "tracked_progress.hpp"

namespace nip::core {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

std::string generate_run_id(const std::string& plugin) {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm parts{};
    localtime_r(&now, &parts);
    char stamp[32];
    std::strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &parts);
    std::random_device entropy;
    char suffix[8];
    std::snprintf(suffix, sizeof(suffix), "%04x", entropy() & 0xffffu);
    return plugin + "-" + stamp + "-" + suffix;
}

torch::Device parse_device(const std::string& text) {
    std::optional<torch::Device> device;
    try {
        device = torch::Device(text);
    } catch (const std::exception&) {
        throw UsageError("--device " + text + ": expected cpu, cuda or cuda:N");
    }
    if (device->is_cuda()) {
        if (!torch::cuda::is_available()) {
            throw UsageError("--device " + text +
                             ": no CUDA device is available to this build of libtorch; use "
                             "--device cpu");
        }
        const auto count = static_cast<int>(torch::cuda::device_count());
        if (device->has_index() && device->index() >= count) {
            throw UsageError("--device " + text + ": only " + std::to_string(count) +
                             " CUDA device(s) are visible");
        }
    } else if (!device->is_cpu()) {
        throw UsageError("--device " + text + ": expected cpu, cuda or cuda:N");
    }
    return *device;
}

std::pair<std::string, std::string> parse_base_run(const std::string& text) {
    const auto colon = text.find(':');
    std::string run = text.substr(0, colon);
    std::string version = colon == std::string::npos ? "latest" : text.substr(colon + 1);
    validate_artifact_name(run);
    const bool numbered = version.size() > 1 && version[0] == 'v' &&
                          version.find_first_not_of("0123456789", 1) == std::string::npos;
    if (version != "latest" && !numbered) {
        throw UsageError("--base-run " + text +
                         ": the version must be 'latest' or v<N> (v0, v1, ...)");
    }
    return {run, version};
}

// With --no-resume, the run's earlier checkpoints and metrics are kept, set aside where
// a later resume will not pick them up.
// Agent settings for agents the protocol does not have change nothing: say so.
void warn_unused_agent_settings(const HyperParamsDocument& params, sdk::Logger& logger) {
    const auto protocol = make_protocol_handler(params);
    const auto unused = unused_agent_settings(params, protocol->agent_names());
    if (unused.empty()) {
        return;
    }
    std::string keys;
    for (const auto& key : unused) {
        keys += (keys.empty() ? "" : ", ") + key;
    }
    std::string agents;
    for (const auto& agent : protocol->agent_names()) {
        agents += (agents.empty() ? "" : ", ") + agent;
    }
    logger.warning("Not used: " + keys + " (interaction_protocol '" + protocol->name() +
                   "' has the agents " + agents + ")");
}

void set_previous_attempt_aside(const fs::path& run_dir, sdk::Logger& logger) {
    const fs::path checkpoints = run_dir / "checkpoints";
    const fs::path metrics = run_dir / "metrics.jsonl";
    if (!fs::exists(checkpoints) && !fs::exists(metrics)) {
        return;
    }
    const fs::path aside =
        run_dir / ("previous-" + std::to_string(std::chrono::system_clock::to_time_t(
                                     std::chrono::system_clock::now())));
    fs::create_directories(aside);
    for (const fs::path& item : {checkpoints, metrics}) {
        if (fs::exists(item)) {
            fs::rename(item, aside / item.filename());
        }
    }
    logger.info("--no-resume: the run's earlier checkpoints and metrics were moved to '" +
                aside.string() + "'");
}

void write_profile(const std::vector<OperatorTime>& operators, const fs::path& file,
                   sdk::Logger& logger) {
    std::ofstream out(file);
    out << operator_table(operators, 40);
    out.close();
    if (!out) {
        throw IoError("--profile " + file.string() + ": could not write the profile there");
    }
    logger.info("Operator profile (top 10 by self time; all in '" + file.string() + "'):\n" +
                operator_table(operators, 10));
}

// The run's log opened a second time, for the CrashGuard's message (a signal handler
// cannot use the logger's stream).
class LogFileDescriptor {
public:
    explicit LogFileDescriptor(const fs::path& file)
        : fd_(file.empty() ? -1 : ::open(file.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC)) {
        CrashGuard::also_write_to(fd_);
    }
    ~LogFileDescriptor() {
        CrashGuard::also_write_to(-1);
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    LogFileDescriptor(const LogFileDescriptor&) = delete;
    LogFileDescriptor& operator=(const LogFileDescriptor&) = delete;

private:
    int fd_;
};

} // namespace

ExitCode run_experiment(const RunOptions& options) {
    Console console(std::cerr, Console::stderr_is_terminal());
    RunLogger logger(console, std::nullopt);
    // Held until this function returns, so that the error handlers below still write the
    // run's log as its only writer.
    std::optional<RunLock> run_lock;
    try {
        validate_plugin_name(options.plugin);
        if (options.checkpoint_period < 1) {
            throw UsageError("--checkpoint-period " + std::to_string(options.checkpoint_period) +
                             ": must be at least 1");
        }
        const torch::Device device = parse_device(options.device);
        if (options.threads < 1 || options.threads > 1024) {
            throw UsageError("--threads " + std::to_string(options.threads) +
                             ": expected a number of threads from 1 to 1024");
        }
        set_cpu_threads(options.threads);
        keep_freed_memory_for_reuse();
        std::optional<std::pair<std::string, std::string>> base_run;
        if (options.base_run) {
            base_run = parse_base_run(*options.base_run);
        }

        PluginRegistry registry(options.search.plugins_dirs, options.search.nip_plugin_path,
                                options.search.default_dirs);
        auto plugin = registry.find(options.plugin);
        for (const auto& note : registry.shadowed()) {
            logger.warning(note);
        }
        const PluginInfo info = info_of(*plugin);

        HyperParamsDocument params = make_hyper_params(info);
        if (options.config) {
            params.apply_config_file(*options.config);
        }
        for (const auto& assignment : options.overrides) {
            params.apply_override(assignment);
        }
        if (options.seed) {
            params.apply_override("seed=" + std::to_string(*options.seed));
        }
        apply_protocol_rounds(params);
        params.validate();
        check_scenario_params(params);
        warn_unused_agent_settings(params, logger);
        validate_hyper_params(*plugin, params); // before anything of the run exists
        const std::string params_json = to_sorted_json(params.document(), true);

        const std::string run_id = options.run_id.value_or(generate_run_id(info.name));
        validate_artifact_name(run_id);
        const fs::path run_dir = options.runs_dir / run_id;
        logger.info("Run id: " + run_id +
                    (options.test_run ? " (test run: nothing is saved)"
                                      : " (directory '" + run_dir.string() + "')"));
        if (!options.test_run) {
            fs::create_directories(run_dir);
            run_lock.emplace(run_dir, run_id); // before anything in the run is written
            logger.set_file(run_dir / "log.txt");
            if (options.no_resume) {
                set_previous_attempt_aside(run_dir, logger);
            }
        }

        LocalArtifactStore artifacts(
            options.artifacts_dir.value_or(options.runs_dir / "artifacts"));
        sdk::Metadata metadata = package_metadata();
        metadata.plugin_name = info.name;
        metadata.plugin_version = info.version;

        LocalCheckpointStore::Options store_options;
        store_options.resume_from = options.resume_from;
        store_options.check_compatible = [&](const CheckpointInfo& checkpoint) {
            check_resume_compatible(checkpoint, metadata, params.document(), options.force, logger,
                                    params.defaults());
        };
        LocalCheckpointStore checkpoints(run_dir, run_id, params_json, &artifacts, logger,
                                         store_options);

        ScenarioOptions scenario_options;
        scenario_options.dataset_cache_dir = options.runs_dir / "datasets";
        scenario_options.device = device;
        auto scenario = build_scenario(params, info.trainer_type, scenario_options, logger);
        ConsoleProgress progress(console);
        TrackedProgress tracked_progress(progress);
        RecordingMetrics metrics(options.test_run ? std::nullopt
                                                  : std::optional(run_dir / "metrics.jsonl"));

        sdk::Settings settings;
        settings.run_id = run_id;
        settings.device = device;
        settings.checkpoint_period = options.checkpoint_period;
        settings.do_not_load_checkpoint = options.no_resume;
        settings.test_run = options.test_run;
        if (base_run) {
            settings.base_run = base_run->first;
            settings.base_run_version = base_run->second;
        }
        settings.metadata = metadata;
        settings.logger = &logger;
        settings.metrics = &metrics;
        settings.progress = &tracked_progress;
        settings.checkpoints = &checkpoints;
        settings.artifacts = &artifacts;

        const sdk::TrainerArgs args{&params, scenario.get(), &settings};
        // From here the plugin's code runs in this process: a crash in it is named (plugin,
        // iteration) on stderr and in the run's log before the process ends by the signal.
        const LogFileDescriptor crash_log(options.test_run ? fs::path() : run_dir / "log.txt");
        const CrashGuard crash_guard(
            "Plugin '" + info.name + "' (" + info.file + ") crashed while training run '" + run_id +
                "'",
            options.test_run ? std::string("; a test run saves nothing")
                             : "; the run's last checkpoint is intact: run again with --run-id " +
                                   run_id + " to resume from it",
            CrashGuard::Ending{static_cast<int>(ExitCode::training_failed), true});
        TrainerHandle trainer = create_trainer(plugin, args);
        trainer.start();
        if (auto resumed = checkpoints.loaded_iteration()) {
            metrics.drop_from(*resumed);
        }
        const std::int64_t total = trainer.total_iterations();
        logger.info("Plugin '" + info.name + "' " + info.version + " from '" + info.file + "'; " +
                    std::to_string(total) + " iterations in all, on " + device.str() + " (" +
                    std::to_string(options.threads) + " CPU thread" +
                    (options.threads == 1 ? "" : "s") + ")");

        const auto started = std::chrono::steady_clock::now();
        try {
            std::optional<OperatorProfile> profile;
            if (options.profile) {
                profile.emplace();
            }
            trainer.train();
            if (profile) {
                write_profile(profile->stop(), *options.profile, logger);
            }
        } catch (const Error& e) {
            auto latest = checkpoints.latest_info();
            logger.error(e.what());
            logger.error(latest ? "Training failed; the last good checkpoint (iteration " +
                                      std::to_string(latest->iteration) +
                                      ") is intact: run again with --run-id " + run_id +
                                      " to resume from it"
                                : std::string("Training failed; the run has no checkpoint yet"));
            return e.code();
        }
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::ostringstream summary;
        summary.precision(3);
        summary << "Run '" << run_id << "' finished: " << progress.position() << "/" << total
                << " iterations (" << progress.steps_taken() << " in this process, " << seconds
                << " s)";
        logger.info(summary.str());
        if (auto final_metrics = metrics.summary(); !final_metrics.empty()) {
            logger.info("Final metrics: " + final_metrics);
        }
        if (!options.test_run) {
            logger.info("Checkpoints in '" + (run_dir / "checkpoints").string() +
                        "', metrics in '" + (run_dir / "metrics.jsonl").string() + "'");
        }
        return ExitCode::ok;
    } catch (const Error& e) {
        logger.error(e.what());
        return e.code();
    } catch (const fs::filesystem_error& e) {
        // A directory that cannot be made or a path through a file: exit 5, as documented.
        logger.error(std::string("File system error: ") + e.what() +
                     " (check that the runs directory is a writable directory and that "
                     "nothing in the run's directory is in the way)");
        return ExitCode::io;
    } catch (const std::bad_alloc& e) {
        logger.error(std::string("Out of memory: an allocation failed (") + e.what() +
                     "); use smaller batches or fewer environments, or free memory");
        return ExitCode::training_failed;
    } catch (const std::exception& e) {
        logger.error(std::string("Unexpected error: ") + e.what());
        return ExitCode::training_failed;
    }
}

} // namespace nip::core
