#include "key_paths.hpp"

#include <algorithm>
#include <functional>

#include <boost/algorithm/string/split.hpp>
#include <boost/json.hpp>

#include "nip/core/errors.hpp"

namespace nip::core::hyper_params_detail {
namespace json = boost::json;

namespace {

std::vector<std::string> split_key_path(const std::string& path) {
    std::vector<std::string> segments;
    boost::algorithm::split(segments, path, [](char c) { return c == '.'; });
    return segments;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> previous(b.size() + 1);
    std::vector<std::size_t> current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        previous[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

std::string_view last_segment(std::string_view path) {
    const std::size_t dot = path.rfind('.');
    return dot == std::string_view::npos ? path : path.substr(dot + 1);
}

std::string_view parent_of(std::string_view path) {
    const std::size_t dot = path.rfind('.');
    return dot == std::string_view::npos ? std::string_view() : path.substr(0, dot);
}

// "learning_rate" -> "lr": how abbreviated key names are usually made.
std::string initials(std::string_view name) {
    std::string letters;
    bool at_word_start = true;
    for (char c : name) {
        if (c == '_') {
            at_word_start = true;
        } else if (at_word_start) {
            letters += c;
            at_word_start = false;
        }
    }
    return letters;
}

void collect_paths(const json::object& object, const std::string& prefix,
                   std::vector<std::string>& paths) {
    for (const json::key_value_pair& entry : object) {
        const std::string path = join_key_path(prefix, entry.key());
        paths.push_back(path);
        if (entry.value().is_object()) {
            collect_paths(entry.value().get_object(), path, paths);
        }
    }
}

} // namespace

std::string join_key_path(const std::string& prefix, std::string_view key) {
    return prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
}

const json::value* find_at_path(const json::object& root, const std::string& path) {
    if (path.empty()) {
        return nullptr;
    }
    const json::object* group = &root;
    const json::value* found = nullptr;
    for (const std::string& segment : split_key_path(path)) {
        if (group == nullptr) {
            return nullptr;
        }
        found = group->if_contains(segment);
        if (found == nullptr) {
            return nullptr;
        }
        group = found->if_object();
    }
    return found;
}

json::value* find_at_path(json::object& root, const std::string& path) {
    return const_cast<json::value*>(find_at_path(std::as_const(root), path));
}

std::vector<std::string> all_key_paths(const json::object& root) {
    std::vector<std::string> paths;
    collect_paths(root, "", paths);
    std::sort(paths.begin(), paths.end());
    return paths;
}

std::optional<std::string> closest_key_path(const std::string& unknown, const json::object& root) {
    const std::vector<std::string> known = all_key_paths(root);

    // A typo: the nearest path, if the distance is small for the path's length.
    const std::size_t max_typo_distance = std::max<std::size_t>(1, unknown.size() / 3);
    std::optional<std::string> nearest;
    std::size_t nearest_distance = max_typo_distance + 1;
    for (const std::string& candidate : known) {
        const std::size_t distance = edit_distance(unknown, candidate);
        if (distance < nearest_distance) {
            nearest = candidate;
            nearest_distance = distance;
        }
    }
    if (nearest) {
        return nearest;
    }

    // The right key in the wrong group, e.g. "max_message_rounds" at the top level.
    const std::string_view leaf = last_segment(unknown);
    for (const std::string& candidate : known) {
        if (last_segment(candidate) == leaf) {
            return candidate;
        }
    }

    // A spelled-out name for an abbreviated key or the reverse ("learning_rate" / "lr"),
    // preferring the same group.
    const auto abbreviates = [&](const std::string& candidate) {
        const std::string_view candidate_leaf = last_segment(candidate);
        const std::string leaf_initials = initials(leaf);
        const std::string candidate_initials = initials(candidate_leaf);
        // One-word names have one initial, which would match any one-letter key.
        return (leaf_initials.size() > 1 && leaf_initials == candidate_leaf) ||
               (candidate_initials.size() > 1 && candidate_initials == leaf);
    };
    for (const bool same_group_only : {true, false}) {
        for (const std::string& candidate : known) {
            if ((!same_group_only || parent_of(candidate) == parent_of(unknown)) &&
                abbreviates(candidate)) {
                return candidate;
            }
        }
    }
    return std::nullopt;
}

void check_key_names(const json::object& root, const std::string& source) {
    for (const json::key_value_pair& entry : root) {
        if (entry.key().empty() || entry.key().find('.') != json::string_view::npos) {
            throw UsageError(source + ": key '" + std::string(entry.key()) +
                             "' is empty or holds a '.', which separates key paths; nest "
                             "groups as JSON objects instead");
        }
        if (const json::object* group = entry.value().if_object()) {
            check_key_names(*group, source);
        }
    }
}

std::string unknown_key_message(const std::string& path, const json::object& root) {
    const std::optional<std::string> suggestion = closest_key_path(path, root);
    if (suggestion) {
        return "unknown key '" + path + "' (did you mean '" + *suggestion + "'?)";
    }
    return "unknown key '" + path + "' (no hyper-parameter has a similar name)";
}

} // namespace nip::core::hyper_params_detail
