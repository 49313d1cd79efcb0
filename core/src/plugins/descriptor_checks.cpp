#include "descriptor_checks.hpp"

#include <cstddef>
#include <string>

#include <boost/json/parse.hpp>

#include "nip/core/errors.hpp"

namespace nip::core::detail {

namespace {

// The layout of ABI 1.0 ends with `destroy`; later minors may only add fields after it.
constexpr std::size_t descriptor_size_1_0 =
    offsetof(nip_plugin_descriptor, destroy) + sizeof(nip_plugin_descriptor::destroy);

std::string text_or_empty(const char* text) {
    return text != nullptr ? text : "";
}

std::string text_or_none(const char* text) {
    return text != nullptr ? text : "(none)";
}

// "'name' (file)", the way every refusal names a plugin.
std::string plugin_label(const PluginInfo& info) {
    const auto name =
        info.name.empty() ? std::filesystem::path(info.file).stem().string() : info.name;
    return "'" + name + "' (" + info.file + ")";
}

void require_same_fact(const PluginInfo& info, const std::string& what, const std::string& got,
                       const std::string& host, const std::string& separator = " ") {
    if (got != host) {
        throw PluginError("Plugin " + plugin_label(info) + " was built with " + what + separator +
                          got + ", host uses " + host + ": rebuild it against this SDK");
    }
}

void require_json_object(const PluginInfo& info, const std::string& what, const std::string& text) {
    boost::system::error_code parse_error;
    const auto value = boost::json::parse(text, parse_error);
    if (parse_error) {
        throw PluginError("Plugin " + plugin_label(info) + " declares " + what +
                          " that are not valid JSON (" + parse_error.message() +
                          "): fix its PluginInfo");
    }
    if (!value.is_object()) {
        throw PluginError("Plugin " + plugin_label(info) + " declares " + what +
                          " that are not a JSON object: fix its PluginInfo");
    }
}

} // namespace

void check_abi(const nip_plugin_descriptor& descriptor, const std::filesystem::path& file) {
    // Only the first three fields have a fixed meaning across ABI versions, so the plugin
    // is named after its file until the rest is known to be readable.
    const auto label = "'" + file.stem().string() + "' (" + file.string() + ")";
    const auto got =
        std::to_string(descriptor.abi_major) + "." + std::to_string(descriptor.abi_minor);
    if (descriptor.abi_major != NIP_SDK_ABI_MAJOR) {
        throw PluginError("Wrong SDK ABI version on plugin " + label + ": got " + got +
                          ", host supports " + std::to_string(NIP_SDK_ABI_MAJOR) +
                          ".x: rebuild the plugin against the host's SDK");
    }
    if (descriptor.abi_minor > NIP_SDK_ABI_MINOR) {
        throw PluginError("Wrong SDK ABI version on plugin " + label + ": got " + got +
                          ", host supports " + std::to_string(NIP_SDK_ABI_MAJOR) + "." +
                          std::to_string(NIP_SDK_ABI_MINOR) + " at most: update the host");
    }
    const std::size_t expected_size = descriptor.abi_minor == NIP_SDK_ABI_MINOR
                                          ? sizeof(nip_plugin_descriptor)
                                          : descriptor_size_1_0;
    if (descriptor.descriptor_size < expected_size) {
        throw PluginError("Plugin " + label + " has a descriptor of " +
                          std::to_string(descriptor.descriptor_size) + " bytes, SDK ABI " + got +
                          " needs at least " + std::to_string(expected_size) +
                          ": rebuild it with NIP_REGISTER_TRAINER");
    }
}

PluginInfo read_info(const nip_plugin_descriptor& descriptor, const std::filesystem::path& file) {
    PluginInfo info;
    info.name = text_or_empty(descriptor.name);
    info.summary = text_or_empty(descriptor.summary);
    info.version = text_or_empty(descriptor.version);
    info.file = file.string();
    info.trainer_type = descriptor.trainer_type;
    info.default_hyper_params_json = text_or_empty(descriptor.default_hyper_params_json);
    info.hyper_params_schema_json = text_or_empty(descriptor.hyper_params_schema_json);
    info.abi_major = descriptor.abi_major;
    info.abi_minor = descriptor.abi_minor;
    return info;
}

void check_build_facts(const nip_plugin_descriptor& descriptor, const PluginInfo& info) {
    require_same_fact(info, "SDK headers hash", text_or_none(descriptor.sdk_headers_hash),
                      NIP_SDK_HEADERS_HASH);
    require_same_fact(info, "libtorch", text_or_none(descriptor.torch_version), NIP_TORCH_VERSION);
    require_same_fact(info, "_GLIBCXX_USE_CXX11_ABI", std::to_string(descriptor.cxx11_abi),
                      std::to_string(NIP_CXX11_ABI), "=");
    require_same_fact(info, "compiler", text_or_none(descriptor.compiler), NIP_COMPILER_ID);
}

void check_fields(const nip_plugin_descriptor& descriptor, const PluginInfo& info) {
    if (!is_valid_plugin_name(info.name)) {
        throw PluginError("Plugin " + plugin_label(info) + " declares the invalid name '" +
                          info.name +
                          "': a plugin name has only letters, digits, '_' and '-'; fix its "
                          "PluginInfo");
    }
    if (info.trainer_type != NIP_TRAINER_RL && info.trainer_type != NIP_TRAINER_SOLO_AGENT) {
        throw PluginError("Plugin " + plugin_label(info) + " declares trainer type " +
                          std::to_string(info.trainer_type) +
                          ", expected 0 (rl) or 1 (solo_agent): fix its PluginInfo");
    }
    if (descriptor.default_hyper_params_json == nullptr) {
        throw PluginError("Plugin " + plugin_label(info) +
                          " declares no default hyper-parameters: give them in its PluginInfo "
                          "('{}' if it has none)");
    }
    require_json_object(info, "default hyper-parameters", info.default_hyper_params_json);
    if (descriptor.hyper_params_schema_json != nullptr) {
        require_json_object(info, "a hyper-parameter schema", info.hyper_params_schema_json);
    }
    const std::pair<const char*, bool> entry_points[] = {
        {"create", descriptor.create != nullptr},
        {"start", descriptor.start != nullptr},
        {"total_iterations", descriptor.total_iterations != nullptr},
        {"train", descriptor.train != nullptr},
        {"destroy", descriptor.destroy != nullptr},
    };
    for (const auto& [entry_point, present] : entry_points) {
        if (!present) {
            throw PluginError("Plugin " + plugin_label(info) + " has no " + entry_point +
                              " entry point: build it with NIP_REGISTER_TRAINER");
        }
    }
}

} // namespace nip::core::detail
