#include <algorithm>
#include <set>
#include <sstream>
#include <system_error>

#include "nip/core/errors.hpp"
#include "nip/core/plugin_registry.hpp"
#include "plugin_loader.hpp"

namespace nip::core {

namespace fs = std::filesystem;

namespace {

// NIP_PLUGIN_PATH is colon-separated like PATH; empty entries ("a::b", a trailing ':')
// name nothing and are skipped.
std::vector<fs::path> split_path_list(const std::string& list) {
    std::vector<fs::path> dirs;
    std::istringstream entries(list);
    for (std::string entry; std::getline(entries, entry, ':');) {
        if (!entry.empty()) {
            dirs.emplace_back(entry);
        }
    }
    return dirs;
}

// The `*.so` files directly in `dir`, by file name so that listing is stable.
std::vector<fs::path> plugin_files_in(const fs::path& dir) {
    std::vector<fs::path> files;
    std::error_code error;
    for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
        std::error_code type_error;
        if (it->path().extension() == ".so" && it->is_regular_file(type_error)) {
            files.push_back(it->path());
        }
    }
    std::sort(files.begin(), files.end(),
              [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
    return files;
}

// The name a file claims: its descriptor's, or for a file refused before the descriptor
// could be read, its file name.
std::string claimed_name(const PluginCandidate& candidate) {
    return candidate.info ? candidate.info->name : candidate.file.stem().string();
}

std::string join(const std::vector<std::string>& parts) {
    std::string joined;
    for (const auto& part : parts) {
        joined += (joined.empty() ? "" : ", ") + part;
    }
    return joined;
}

} // namespace

PluginRegistry::PluginRegistry(std::vector<fs::path> extra_dirs, std::string nip_plugin_path,
                               std::vector<fs::path> default_dirs) {
    auto wanted = std::move(extra_dirs);
    for (auto& dir : split_path_list(nip_plugin_path)) {
        wanted.push_back(std::move(dir));
    }
    for (auto& dir : default_dirs) {
        wanted.push_back(std::move(dir));
    }
    // A directory named twice (--plugins-dir and NIP_PLUGIN_PATH, or through a symlink)
    // would make each of its plugins look like two files claiming one name.
    std::set<fs::path> seen;
    for (auto& dir : wanted) {
        std::error_code error;
        auto canonical = fs::canonical(dir, error);
        if (error || !fs::is_directory(canonical, error) || error) {
            continue;
        }
        if (seen.insert(canonical).second) {
            search_path_.push_back(std::move(dir));
        }
    }
}

const std::vector<PluginRegistry::Entry>& PluginRegistry::entries() {
    if (!entries_) {
        std::vector<Entry> found;
        std::set<fs::path> seen;
        for (std::size_t d = 0; d < search_path_.size(); ++d) {
            for (const auto& file : plugin_files_in(search_path_[d])) {
                std::error_code error;
                auto canonical = fs::canonical(file, error);
                if (!error && !seen.insert(canonical).second) {
                    continue;
                }
                found.push_back(Entry{detail::inspect_plugin_file(file), d});
            }
        }
        // The search order decides between directories: a name's first directory wins.
        for (auto& entry : found) {
            const auto name = claimed_name(entry.candidate);
            for (const auto& earlier : found) {
                if (earlier.directory >= entry.directory) {
                    break;
                }
                if (claimed_name(earlier.candidate) == name) {
                    entry.candidate.shadowed_by = earlier.candidate.file;
                    break;
                }
            }
        }
        entries_ = std::move(found);
    }
    return *entries_;
}

std::vector<PluginCandidate> PluginRegistry::list(const PluginProbe& probe) {
    std::vector<PluginCandidate> candidates;
    for (const auto& entry : entries()) {
        candidates.push_back(entry.candidate);
        auto& candidate = candidates.back();
        if (probe && candidate.problem.empty()) {
            candidate.problem = probe(candidate.file);
        }
    }
    return candidates;
}

std::shared_ptr<LoadedPlugin> PluginRegistry::find(const std::string& name) {
    validate_plugin_name(name);
    // The files that claim the name in the first directory that has one (entries() marked
    // the rest as shadowed); two of them in that one directory are ambiguous.
    std::vector<const Entry*> claims;
    shadowed_.clear();
    for (const auto& entry : entries()) {
        if (claimed_name(entry.candidate) != name) {
            continue;
        }
        if (entry.candidate.shadowed_by) {
            shadowed_.push_back("Plugin '" + name + "' in '" + entry.candidate.file.string() +
                                "' is shadowed by '" + entry.candidate.shadowed_by->string() +
                                "', earlier in the search path");
        } else {
            claims.push_back(&entry);
        }
    }
    if (claims.size() > 1) {
        std::vector<std::string> files;
        for (const auto* claim : claims) {
            files.push_back("'" + claim->candidate.file.string() + "'");
        }
        throw PluginError("Plugin name '" + name + "' is claimed by " +
                          std::to_string(files.size()) + " files in one directory: " + join(files) +
                          "; remove all but one");
    }
    if (claims.size() == 1) {
        const auto& candidate = claims.front()->candidate;
        if (!candidate.problem.empty()) {
            throw PluginError(candidate.problem);
        }
        // Only now, and only this one, is loaded: no other plugin's code ever runs.
        return detail::load_inspected(candidate);
    }

    std::vector<std::string> dirs;
    for (const auto& dir : search_path_) {
        dirs.push_back("'" + dir.string() + "'");
    }
    std::vector<std::string> available;
    std::size_t refused = 0;
    for (const auto& entry : entries()) {
        if (entry.candidate.problem.empty()) {
            available.push_back(entry.candidate.info->name);
        } else {
            ++refused;
        }
    }
    std::sort(available.begin(), available.end());
    throw PluginError(
        "No plugin named '" + name + "' in " +
        (dirs.empty() ? std::string("any plugin directory (none exists)") : join(dirs)) +
        " (available: " + (available.empty() ? std::string("none") : join(available)) +
        (refused > 0 ? "; " + std::to_string(refused) + " refused, see --list-plugins" : "") +
        "); add its directory with --plugins-dir or NIP_PLUGIN_PATH");
}

} // namespace nip::core
