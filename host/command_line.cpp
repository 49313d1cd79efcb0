#include "command_line.hpp"

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <thread>

#include <boost/program_options.hpp>

namespace nip::host {
namespace po = boost::program_options;

namespace {

// One thread per core, up to 8: the pieces that run side by side are the agents (two or
// three), so more threads would only wait.
std::int64_t default_threads() {
    const auto cores = static_cast<std::int64_t>(std::thread::hardware_concurrency());
    return std::clamp<std::int64_t>(cores, 1, 8);
}

po::options_description describe_options() {
    po::options_description options("Options");
    // clang-format off
    options.add_options()
        ("plugin", po::value<std::string>()->value_name("NAME"),
         "the trainer plugin to run, by name (e.g. ppo_trainer)")
        ("config", po::value<std::string>()->value_name("FILE"),
         "JSON file of hyper-parameters (any subset of the defaults)")
        ("set", po::value<std::vector<std::string>>()->composing()->value_name("KEY.PATH=VALUE"),
         "override one hyper-parameter, typed by its default (repeatable)")
        ("run-id", po::value<std::string>()->value_name("ID"),
         "the run's id; an id with a checkpoint resumes it (default: generated and printed)")
        ("runs-dir", po::value<std::string>()->default_value("runs")->value_name("DIR"),
         "where each run's checkpoints, metrics and log go, under DIR/ID/")
        ("artifacts-dir", po::value<std::string>()->value_name("DIR"),
         "the local artifact store (default: RUNS-DIR/artifacts)")
        ("plugins-dir", po::value<std::vector<std::string>>()->composing()->value_name("DIR"),
         "search DIR for plugins first (repeatable); then $NIP_PLUGIN_PATH, then the "
         "host's own plugins directory")
        ("device", po::value<std::string>()->default_value("cpu")->value_name("cpu|cuda[:N]"),
         "where tensors live")
        ("threads", po::value<std::int64_t>()->default_value(default_threads())->value_name("N"),
         "CPU threads: the agents' forward and backward passes run side by side, each "
         "operation on one thread, so a run's bits do not depend on N (default: the "
         "machine's cores, at most 8; on two cores, 2 is 1.7x faster than 1)")
        ("seed", po::value<std::int64_t>()->value_name("N"),
         "the experiment's seed (the hyper-parameter 'seed')")
        ("checkpoint-period", po::value<std::int64_t>()->default_value(10)->value_name("N"),
         "iterations between checkpoints (one is also saved at the end)")
        ("profile", po::value<std::string>()->value_name("FILE"),
         "record libtorch's operators while training and write the top ones by self time "
         "to FILE (slows the run; for finding where the time goes)")
        ("test-run", "tiny loops to check a set-up; loads and saves nothing")
        ("no-resume", "start afresh even if the run has a checkpoint (old ones are set aside)")
        ("resume-from", po::value<std::string>()->value_name("iter-N"),
         "resume from this checkpoint of the run instead of the latest (e.g. when the "
         "latest is damaged); the later ones are moved aside, not deleted")
        ("base-run", po::value<std::string>()->value_name("RUN[:VERSION]"),
         "start from another run's saved state (VERSION: v0, v1, ... or latest)")
        ("force", "resume despite version or hyper-parameter differences")
        ("list-plugins", "list the plugins found, or why each cannot be loaded")
        ("describe-plugin", po::value<std::string>()->value_name("NAME"),
         "show a plugin's summary, versions, trainer type and hyper-parameters (with any "
         "--config and --set applied; agent sections of the chosen protocol only)")
        ("help,h", "show this help")
        ("version", "show the host's version, SDK ABI and libtorch version");
    // clang-format on
    return options;
}

// Not in --help: how `host --list-plugins` loads each plugin in a child process of its
// own, so that one that crashes while loading takes only the child down.
po::options_description internal_options() {
    po::options_description options("Internal");
    options.add_options()("probe-plugin", po::value<std::string>()->value_name("FILE"),
                          "load FILE, print 'loadable' or why not");
    return options;
}

} // namespace

std::string help_text() {
    std::ostringstream text;
    text << "Usage: host --plugin NAME [options]\n"
            "       host --list-plugins | --describe-plugin NAME | --help | --version\n\n"
            "Trains neural interactive proof agents with a trainer plugin.\n\n"
         << describe_options()
         << "\nExit codes:\n"
            "  0  success\n"
            "  1  training failed (the trainer raised an error; the last checkpoint is intact)\n"
            "  2  usage: bad command line or hyper-parameters; nothing was run\n"
            "  3  plugin not found, not loadable (or it crashed while loaded), or refused by\n"
            "     the ABI and build checks\n"
            "  4  checkpoint or artifact store damaged (see --resume-from), or checkpoint\n"
            "     incompatible with this run (see --force, --no-resume)\n"
            "  5  a file could not be read or written, or the run is in use by another host\n"
            "  128+N  the trainer crashed with signal N (a 'fatal:' line names it and the\n"
            "     iteration; the last checkpoint is intact)\n\n"
            "Example:\n"
            "  host --plugin ppo_trainer --set rl.num_iterations=40 --run-id demo\n"
            "  host --plugin ppo_trainer --run-id demo     # resumes 'demo' where it stopped\n";
    return text.str();
}

CommandLine parse_command_line(int argc, char** argv) {
    po::variables_map values;
    try {
        // The parsed options point into the description: it must outlive them.
        po::options_description options = describe_options();
        options.add(internal_options());
        const po::parsed_options parsed =
            po::command_line_parser(argc, argv).options(options).run();
        // Every argument belongs to an option: a stray word is refused rather than ignored
        // (`--set a=1 b=2` would otherwise drop b=2 without a word).
        const auto stray = po::collect_unrecognized(parsed.options, po::include_positional);
        if (!stray.empty()) {
            const bool assignment = stray.front().find('=') != std::string::npos;
            throw core::UsageError(
                "unexpected argument '" + stray.front() + "'" +
                (assignment ? ": each --set takes one KEY.PATH=VALUE; write --set " + stray.front()
                            : std::string(": the host takes options only")) +
                " (see host --help)");
        }
        po::store(parsed, values);
        po::notify(values);
    } catch (const po::error& e) {
        throw core::UsageError(std::string(e.what()) + " (see host --help)");
    }

    CommandLine line;
    if (values.count("help")) {
        line.command = Command::help;
        return line;
    }
    if (values.count("version")) {
        line.command = Command::version;
        return line;
    }
    auto& run = line.run;
    run.search.plugins_dirs.clear();
    if (values.count("plugins-dir")) {
        for (const auto& dir : values["plugins-dir"].as<std::vector<std::string>>()) {
            run.search.plugins_dirs.emplace_back(dir);
        }
    }
    if (const char* path = std::getenv("NIP_PLUGIN_PATH")) {
        run.search.nip_plugin_path = path;
    }
    if (values.count("probe-plugin")) {
        line.command = Command::probe_plugin;
        line.probe_file = values["probe-plugin"].as<std::string>();
        return line;
    }
    if (values.count("list-plugins")) {
        line.command = Command::list_plugins;
        return line;
    }
    if (values.count("config")) {
        run.config = values["config"].as<std::string>();
    }
    if (values.count("set")) {
        run.overrides = values["set"].as<std::vector<std::string>>();
    }
    if (values.count("describe-plugin")) {
        line.command = Command::describe_plugin;
        line.describe = values["describe-plugin"].as<std::string>();
        return line;
    }
    if (!values.count("plugin")) {
        throw core::UsageError("--plugin NAME is required (see host --list-plugins for the "
                               "plugins found, host --help for usage)");
    }
    run.plugin = values["plugin"].as<std::string>();
    if (values.count("run-id")) {
        run.run_id = values["run-id"].as<std::string>();
    }
    run.runs_dir = values["runs-dir"].as<std::string>();
    if (values.count("artifacts-dir")) {
        run.artifacts_dir = values["artifacts-dir"].as<std::string>();
    }
    run.device = values["device"].as<std::string>();
    run.threads = values["threads"].as<std::int64_t>();
    if (values.count("seed")) {
        run.seed = values["seed"].as<std::int64_t>();
    }
    run.checkpoint_period = values["checkpoint-period"].as<std::int64_t>();
    run.test_run = values.count("test-run") > 0;
    run.no_resume = values.count("no-resume") > 0;
    if (values.count("resume-from")) {
        const auto text = values["resume-from"].as<std::string>();
        const auto digits = text.rfind("iter-", 0) == 0 ? text.substr(5) : text;
        if (digits.empty() || digits.size() > 15 ||
            digits.find_first_not_of("0123456789") != std::string::npos) {
            throw core::UsageError("--resume-from " + text +
                                   ": expected a checkpoint's name, iter-N (e.g. iter-000000010), "
                                   "or its iteration N");
        }
        if (run.no_resume) {
            throw core::UsageError("--resume-from and --no-resume contradict each other: give one");
        }
        run.resume_from = std::stoll(digits);
    }
    run.force = values.count("force") > 0;
    if (values.count("base-run")) {
        run.base_run = values["base-run"].as<std::string>();
    }
    if (values.count("profile")) {
        run.profile = values["profile"].as<std::string>();
    }
    return line;
}

} // namespace nip::host
