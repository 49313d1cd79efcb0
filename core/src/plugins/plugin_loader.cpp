#include "plugin_loader.hpp"

#include "descriptor_checks.hpp"
#include "descriptor_in_file.hpp"
#include "library_keeper.hpp"
#include "nip/core/crash_guard.hpp"
#include "nip/core/errors.hpp"
#include "plugin_file.hpp"

namespace nip::core::detail {

PluginCandidate inspect_plugin_file(const std::filesystem::path& file) {
    PluginCandidate candidate;
    candidate.file = file;
    try {
        check_elf_header(file);
        auto in_file = DescriptorInFile::read(file);
        check_abi(in_file->descriptor(), file);
        in_file->resolve();
        candidate.info = read_info(in_file->descriptor(), file);
        check_build_facts(in_file->descriptor(), *candidate.info);
        check_fields(in_file->descriptor(), *candidate.info);
    } catch (const PluginError& refusal) {
        candidate.problem = refusal.what();
    } catch (const std::exception& error) {
        candidate.problem = "Could not read plugin '" + file.stem().string() + "' (" +
                            file.string() + "): " + error.what();
    }
    return candidate;
}

std::shared_ptr<LoadedPlugin> load_inspected(const PluginCandidate& candidate) {
    const auto& file = candidate.file;
    const std::string label = "'" + candidate.info->name + "' (" + file.string() + ")";
    std::shared_ptr<const boost::dll::shared_library> library;
    {
        const CrashGuard guard("Plugin " + label + " crashed while being loaded",
                               ": its static initialisers failed before the host could use it; "
                               "remove the file or rebuild the plugin",
                               CrashGuard::Ending{static_cast<int>(ExitCode::plugin), false});
        library = load_for_process_lifetime(file);
    }
    try {
        const auto& descriptor = library->get<const nip_plugin_descriptor>(NIP_PLUGIN_SYMBOL);
        check_abi(descriptor, file);
        auto info = read_info(descriptor, file);
        check_build_facts(descriptor, info);
        check_fields(descriptor, info);
        // The checks above were already made on the file; a descriptor that differs once
        // loaded was changed by the plugin's own code, and nothing it says is trusted.
        if (info.name != candidate.info->name || info.version != candidate.info->version ||
            info.default_hyper_params_json != candidate.info->default_hyper_params_json) {
            throw PluginError("Plugin " + label +
                              " has a descriptor that differs once loaded from the one in its "
                              "file: refused");
        }
        return std::make_shared<LoadedPlugin>(std::move(library), descriptor, std::move(info));
    } catch (const PluginError&) {
        throw;
    } catch (const std::exception& error) {
        // E.g. the symbol vanished between the inspection and dlsym (the file was replaced).
        throw PluginError("Could not read plugin " + label + ": " + error.what());
    }
}

} // namespace nip::core::detail
