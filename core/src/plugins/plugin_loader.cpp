#include "plugin_loader.hpp"

#include "descriptor_checks.hpp"
#include "library_keeper.hpp"
#include "nip/core/errors.hpp"
#include "plugin_file.hpp"

namespace nip::core::detail {

LoadOutcome load_plugin_file(const std::filesystem::path& file) {
    LoadOutcome outcome;
    outcome.candidate.file = file;
    try {
        check_plugin_file(file);
        auto library = load_for_process_lifetime(file);
        const auto& descriptor = library->get<const nip_plugin_descriptor>(NIP_PLUGIN_SYMBOL);
        check_abi(descriptor, file);
        outcome.candidate.info = read_info(descriptor, file);
        check_build_facts(descriptor, *outcome.candidate.info);
        check_fields(descriptor, *outcome.candidate.info);
        outcome.plugin =
            std::make_shared<LoadedPlugin>(std::move(library), descriptor, *outcome.candidate.info);
    } catch (const PluginError& refusal) {
        outcome.candidate.problem = refusal.what();
    } catch (const std::exception& error) {
        // E.g. the symbol vanished between the file check and dlsym (the file was replaced).
        outcome.candidate.problem = "Could not read plugin '" + file.stem().string() + "' (" +
                                    file.string() + "): " + error.what();
    }
    return outcome;
}

} // namespace nip::core::detail
