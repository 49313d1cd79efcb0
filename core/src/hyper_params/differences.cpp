#include "nip/core/hyper_params.hpp"

#include <boost/json.hpp>

#include "key_paths.hpp"
#include "nip/core/json_text.hpp"
#include "value_types.hpp"

namespace nip::core {
namespace json = boost::json;
using namespace hyper_params_detail;

namespace {

// Leaves by path; an empty group counts as a leaf so that adding one shows.
void flatten(const json::object& group, const std::string& prefix,
             std::map<std::string, const json::value*>& leaves) {
    for (const json::key_value_pair& entry : group) {
        const std::string path = join_key_path(prefix, entry.key());
        const json::object* subgroup = entry.value().if_object();
        if (subgroup != nullptr && !subgroup->empty()) {
            flatten(*subgroup, path, leaves);
        } else {
            leaves.emplace(path, &entry.value());
        }
    }
}

} // namespace

std::vector<std::string> HyperParamsDocument::differences(const json::object& before,
                                                          const json::object& after) {
    std::map<std::string, const json::value*> old_leaves;
    std::map<std::string, const json::value*> new_leaves;
    flatten(before, "", old_leaves);
    flatten(after, "", new_leaves);

    std::vector<std::string> lines;
    auto old_it = old_leaves.begin();
    auto new_it = new_leaves.begin();
    // Both maps are sorted by path: walk them together like a merge.
    while (old_it != old_leaves.end() || new_it != new_leaves.end()) {
        if (new_it == new_leaves.end() ||
            (old_it != old_leaves.end() && old_it->first < new_it->first)) {
            lines.push_back(old_it->first + ": removed");
            ++old_it;
        } else if (old_it == old_leaves.end() || new_it->first < old_it->first) {
            lines.push_back(new_it->first + ": added");
            ++new_it;
        } else {
            if (!json_equal(*old_it->second, *new_it->second)) {
                lines.push_back(old_it->first + ": " + to_sorted_json(*old_it->second, false) +
                                " -> " + to_sorted_json(*new_it->second, false));
            }
            ++old_it;
            ++new_it;
        }
    }
    return lines;
}

bool HyperParamsDocument::holds_default(const json::object& document, const json::object& defaults,
                                        const std::string& path) {
    const json::value* value = find_at_path(document, path);
    const json::value* fallback = find_at_path(defaults, path);
    return value != nullptr && fallback != nullptr && json_equal(*value, *fallback);
}

} // namespace nip::core
