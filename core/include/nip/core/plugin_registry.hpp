// Finding, checking and loading trainer plugins, and driving the trainers they make.
//
// A plugin is a shared library that exports the descriptor of nip/sdk/abi.hpp. Every
// `*.so` in the search path is inspected without running any of its code: the file (an
// ELF shared library for this machine exporting `nip_plugin`), then the descriptor as it
// is in the file (ABI version and size, build facts, name, type, defaults, entry points).
// Only the plugin asked for is loaded, and its loaded descriptor is checked again. A
// loaded library is never unloaded while the process lives, because objects, deleters
// and exception data made by its code may outlive any handle to it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nip/sdk/abi.hpp"
#include "nip/sdk/hyper_params.hpp"

namespace nip::core {

// What a plugin says about itself, copied out of its descriptor (the host owns it).
struct PluginInfo {
    std::string name;
    std::string summary;
    std::string version;
    std::string file;
    std::int32_t trainer_type = NIP_TRAINER_RL; // nip_trainer_type
    std::string default_hyper_params_json;
    std::string hyper_params_schema_json; // empty when the plugin declares none
    std::uint32_t abi_major = 0;
    std::uint32_t abi_minor = 0;
};

// One `*.so` found in the search path. `info` is set whenever the descriptor could be
// read; `problem` (one line) is set when the file was refused.
struct PluginCandidate {
    std::filesystem::path file;
    std::optional<PluginInfo> info;
    std::string problem;
    // Set when a file of the same plugin name sits in an earlier directory of the search
    // path: that one wins, this one is passed over.
    std::optional<std::filesystem::path> shadowed_by;
};

// A plugin that passed every check: keeps its library loaded and points at its descriptor.
// Made by PluginRegistry.
class LoadedPlugin {
public:
    LoadedPlugin(std::shared_ptr<const void> library, const nip_plugin_descriptor& descriptor,
                 PluginInfo info)
        : library_(std::move(library)), descriptor_(&descriptor), info_(std::move(info)) {}

    const PluginInfo& info() const { return info_; }
    const nip_plugin_descriptor& descriptor() const { return *descriptor_; }

private:
    std::shared_ptr<const void> library_;
    const nip_plugin_descriptor* descriptor_;
    PluginInfo info_;
};

// A trainer made by a plugin. Destroys it with the plugin's own destroy function and keeps
// the plugin (and so its code) alive for as long as the trainer exists.
class TrainerHandle {
public:
    TrainerHandle(std::shared_ptr<LoadedPlugin> plugin, void* trainer);
    TrainerHandle(TrainerHandle&& other) noexcept;
    TrainerHandle& operator=(TrainerHandle&& other) noexcept;
    TrainerHandle(const TrainerHandle&) = delete;
    TrainerHandle& operator=(const TrainerHandle&) = delete;
    ~TrainerHandle();

    // Each throws Error naming the plugin and carrying its message: ExitCode::training_failed
    // from train(), ExitCode::plugin from the others.
    void start();
    std::int64_t total_iterations();
    void train();

    const PluginInfo& plugin_info() const { return plugin_->info(); }

private:
    void destroy() noexcept;

    std::shared_ptr<LoadedPlugin> plugin_;
    void* trainer_;
};

class PluginRegistry {
public:
    // Search order: `extra_dirs` (--plugins-dir, in order), then the directories of
    // `nip_plugin_path` (NIP_PLUGIN_PATH's value, colon-separated), then `default_dirs`
    // (the build's or install's plugins directory). Directories that do not exist are
    // skipped; a directory named twice is searched once.
    PluginRegistry(std::vector<std::filesystem::path> extra_dirs, std::string nip_plugin_path,
                   std::vector<std::filesystem::path> default_dirs);

    // Loads a plugin file somewhere (e.g. in a child process) and returns why it cannot be
    // used, or "" when it loads and passes the checks.
    using PluginProbe = std::function<std::string(const std::filesystem::path& file)>;

    // Every `*.so` in the search path, in search order, inspected without running its
    // code; a refused one carries its problem. With `probe`, each one that passed is also
    // loaded by it, and its refusal (e.g. a crash in its static initialisers) kept. The
    // scan happens once, on the first call to list() or find().
    std::vector<PluginCandidate> list(const PluginProbe& probe = {});

    // The plugin named `name`: the first directory of the search path that has a file
    // claiming it wins (later ones are shadowed; see shadowed()). Throws UsageError if
    // `name` is not a valid plugin name, and PluginError if no file claims it, if the file
    // that wins was refused or fails to load, or if two files in that one directory claim
    // it. Loading runs under a CrashGuard: a plugin whose static initialisers crash or call
    // exit() ends the process with exit 3 and a line naming it.
    std::shared_ptr<LoadedPlugin> find(const std::string& name);
    // One line for each file that the last find() passed over because an earlier directory
    // had a file of the same name.
    const std::vector<std::string>& shadowed() const { return shadowed_; }

    // The existing directories searched, in order.
    const std::vector<std::filesystem::path>& search_path() const { return search_path_; }

private:
    struct Entry {
        PluginCandidate candidate;
        std::size_t directory = 0; // index into search_path_
    };
    const std::vector<Entry>& entries();

    std::vector<std::filesystem::path> search_path_;
    std::optional<std::vector<Entry>> entries_;
    std::vector<std::string> shadowed_;
};

// Throws UsageError unless `name` is a plugin name: non-empty, only [A-Za-z0-9_-]. A
// plugin is chosen by name, never by a path ('/', '..').
void validate_plugin_name(const std::string& name);
// The same rule, without throwing.
bool is_valid_plugin_name(const std::string& name);

// The probes of PluginRegistry::list. In this process: loads the file here (for files
// known not to crash). In a child: runs `host_executable --probe-plugin FILE` (see
// probe_plugin_command), so that a plugin that crashes or exits while loading takes only
// the child down; its death is the refusal.
std::string probe_in_this_process(const std::filesystem::path& file);
std::string probe_in_child_process(const std::filesystem::path& host_executable,
                                   const std::filesystem::path& file);
// The child's side: inspects and loads `file`, prints "loadable" or the refusal on stdout
// and returns 0 or 3.
int probe_plugin_command(const std::filesystem::path& file);

// Makes a trainer with the plugin's factory. `args` and everything it points to must
// outlive the trainer. Throws PluginError naming the plugin if the factory fails.
TrainerHandle create_trainer(std::shared_ptr<LoadedPlugin> plugin, const sdk::TrainerArgs& args);

// The plugin's own rules on the run's hyper-parameters (its validate entry point, ABI
// 1.1; nothing for a plugin without one). Throws UsageError with its message.
void validate_hyper_params(const LoadedPlugin& plugin, const sdk::HyperParams& params);

PluginInfo info_of(const LoadedPlugin& plugin);

} // namespace nip::core
