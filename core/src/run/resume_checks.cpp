#include "resume_checks.hpp"

#include "nip/core/errors.hpp"
#include "nip/core/hyper_params.hpp"
#include "nip/core/json_text.hpp"

namespace nip::core {
namespace {

std::string major_of(const std::string& version) {
    return version.substr(0, version.find('.'));
}

// The part of a version that promises compatibility, as semantic versioning reads it:
// MAJOR; but while MAJOR is 0 anything may change, so there MAJOR.MINOR ("0.2.0" and
// "0.3.0" are incompatible, "0.2.0" and "0.2.1" are not).
std::string compatibility_of(const std::string& version) {
    const auto major_end = version.find('.');
    if (major_of(version) != "0" || major_end == std::string::npos) {
        return major_of(version);
    }
    return version.substr(0, version.find('.', major_end + 1));
}

void compare_versions(const char* what, const std::string& saved, const std::string& current,
                      std::vector<std::string>& problems, sdk::Logger& logger) {
    if (saved == current) {
        return;
    }
    if (compatibility_of(saved) != compatibility_of(current)) {
        problems.push_back(
            std::string(what) + " version: checkpoint " + saved + ", now " + current + " (" +
            (major_of(saved) == major_of(current) ? "MINOR of a 0.x version" : "MAJOR") +
            " differs: likely incompatible)");
    } else {
        logger.info(std::string(what) + " version: checkpoint " + saved + ", now " + current +
                    " (compatible)");
    }
}

} // namespace

void check_resume_compatible(const CheckpointInfo& checkpoint, const sdk::Metadata& current,
                             const boost::json::object& current_params, bool force,
                             sdk::Logger& logger, const boost::json::object& defaults) {
    const sdk::Metadata& saved = checkpoint.metadata;
    std::vector<std::string> problems;
    if (saved.package_name != current.package_name) {
        problems.push_back("package: checkpoint made by '" + saved.package_name + "', this is '" +
                           current.package_name + "'");
    }
    compare_versions("package", saved.package_version, current.package_version, problems, logger);
    if (saved.plugin_name != current.plugin_name) {
        problems.push_back("plugin: checkpoint made by '" + saved.plugin_name + "', now '" +
                           current.plugin_name + "'");
    } else {
        compare_versions("plugin", saved.plugin_version, current.plugin_version, problems, logger);
    }
    auto saved_params = parse_json_text(checkpoint.hyper_params_json, "saved hyper-parameters");
    std::vector<std::string> new_at_default;
    const std::string added = ": added";
    for (const auto& difference :
         HyperParamsDocument::differences(saved_params.as_object(), current_params)) {
        if (difference.size() > added.size() &&
            difference.compare(difference.size() - added.size(), added.size(), added) == 0) {
            const auto path = difference.substr(0, difference.size() - added.size());
            if (HyperParamsDocument::holds_default(current_params, defaults, path)) {
                new_at_default.push_back(path);
                continue;
            }
        }
        problems.push_back("hyper-parameter " + difference);
    }
    if (!new_at_default.empty()) {
        std::string keys;
        for (const auto& key : new_at_default) {
            keys += (keys.empty() ? "" : ", ") + key;
        }
        logger.info("Hyper-parameters this version added, at their defaults (the checkpoint "
                    "predates them): " +
                    keys);
    }
    if (problems.empty()) {
        return;
    }
    std::string list;
    for (const auto& problem : problems) {
        list += "\n  - " + problem;
    }
    const std::string where = "checkpoint at iteration " + std::to_string(checkpoint.iteration) +
                              " ('" + checkpoint.directory.string() + "')";
    if (!force) {
        throw CheckpointError("Refusing to resume from the " + where + ":" + list +
                              "\nPass --force to resume anyway, or --no-resume to start the run "
                              "afresh (its old checkpoints are kept aside).");
    }
    logger.warning("Resuming despite differences from the " + where + " (--force):" + list);
}

} // namespace nip::core
