#include <cstddef>
#include <cstring>
#include <string>
#include <utility>

#include "nip/core/errors.hpp"
#include "nip/core/plugin_registry.hpp"

namespace nip::core {

namespace {

// The plugin's message, whatever it left in the buffer: bounded, and without the
// trailing newlines some libraries end their messages with.
std::string message_of(const nip_error& error) {
    std::string message(error.message, strnlen(error.message, sizeof(error.message)));
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
        message.pop_back();
    }
    return message.empty() ? "no message given" : message;
}

// A host error that passed through the plugin unchanged keeps its own exit code (a
// damaged checkpoint is a checkpoint problem, not the plugin's); the message may have
// been cut to the buffer's size.
ExitCode code_for(ExitCode plugin_code, const std::string& message) {
    const auto& raised = last_raised_error();
    const bool cut = message.size() == sizeof(nip_error::message) - 1;
    const bool same =
        cut ? raised.message.compare(0, message.size(), message) == 0 : raised.message == message;
    return raised.code != ExitCode::ok && same ? raised.code : plugin_code;
}

[[noreturn]] void fail(ExitCode code, const PluginInfo& plugin, const char* entry_point,
                       const nip_error& error) {
    const std::string message = message_of(error);
    const ExitCode own_code = code_for(code, message);
    throw Error(own_code,
                "Plugin '" + plugin.name + "' failed in " + entry_point + "(): " + message);
}

} // namespace

TrainerHandle::TrainerHandle(std::shared_ptr<LoadedPlugin> plugin, void* trainer)
    : plugin_(std::move(plugin)), trainer_(trainer) {}

TrainerHandle::TrainerHandle(TrainerHandle&& other) noexcept
    : plugin_(std::move(other.plugin_)), trainer_(std::exchange(other.trainer_, nullptr)) {}

TrainerHandle& TrainerHandle::operator=(TrainerHandle&& other) noexcept {
    if (this != &other) {
        destroy();
        plugin_ = std::move(other.plugin_);
        trainer_ = std::exchange(other.trainer_, nullptr);
    }
    return *this;
}

TrainerHandle::~TrainerHandle() {
    destroy();
}

void TrainerHandle::destroy() noexcept {
    // The plugin allocated the trainer, so only its own destroy may free it.
    if (trainer_ != nullptr) {
        plugin_->descriptor().destroy(trainer_);
        trainer_ = nullptr;
    }
}

void TrainerHandle::start() {
    nip_error error{};
    if (plugin_->descriptor().start(trainer_, &error) != 0) {
        fail(ExitCode::plugin, plugin_->info(), "start", error);
    }
}

std::int64_t TrainerHandle::total_iterations() {
    nip_error error{};
    std::int64_t total = 0;
    if (plugin_->descriptor().total_iterations(trainer_, &total, &error) != 0) {
        fail(ExitCode::plugin, plugin_->info(), "total_iterations", error);
    }
    return total;
}

void TrainerHandle::train() {
    nip_error error{};
    if (plugin_->descriptor().train(trainer_, &error) != 0) {
        fail(ExitCode::training_failed, plugin_->info(), "train", error);
    }
}

TrainerHandle create_trainer(std::shared_ptr<LoadedPlugin> plugin, const sdk::TrainerArgs& args) {
    nip_error error{};
    void* trainer = nullptr;
    if (plugin->descriptor().create(&args, &trainer, &error) != 0) {
        fail(ExitCode::plugin, plugin->info(), "create", error);
    }
    if (trainer == nullptr) {
        throw PluginError("Plugin '" + plugin->info().name +
                          "' made no trainer in create() yet reported success: rebuild it with "
                          "NIP_REGISTER_TRAINER");
    }
    return TrainerHandle(std::move(plugin), trainer);
}

void validate_hyper_params(const LoadedPlugin& plugin, const sdk::HyperParams& params) {
    const auto& descriptor = plugin.descriptor();
    // A plugin of ABI 1.0 has no validate field: reading past its descriptor is not allowed.
    constexpr std::size_t validate_end =
        offsetof(nip_plugin_descriptor, validate) + sizeof(nip_plugin_descriptor::validate);
    if (descriptor.descriptor_size < validate_end || descriptor.validate == nullptr) {
        return;
    }
    nip_error error{};
    if (descriptor.validate(&params, &error) != 0) {
        error.message[sizeof(error.message) - 1] = '\0';
        throw UsageError("Plugin '" + plugin.info().name +
                         "' refuses these hyper-parameters: " + error.message);
    }
}

PluginInfo info_of(const LoadedPlugin& plugin) {
    return plugin.info();
}

} // namespace nip::core
