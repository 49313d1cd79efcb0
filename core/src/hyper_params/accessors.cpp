// The SDK's read access. Every key was typed and validated on the way in, so a missing
// path or a wrong type here means the caller asked for something its defaults lack.
#include "nip/core/hyper_params.hpp"

#include <cstdint>
#include <limits>
#include <stdexcept>

#include <boost/json.hpp>

#include "key_paths.hpp"
#include "nip/core/json_text.hpp"
#include "value_types.hpp"

namespace nip::core {
namespace json = boost::json;
using namespace hyper_params_detail;

namespace {

const json::value& value_at(const json::object& document, const std::string& path) {
    const json::value* value = find_at_path(document, path);
    if (value == nullptr) {
        throw std::logic_error("hyper-parameter '" + path +
                               "' does not exist; add it to the plugin's defaults");
    }
    return *value;
}

[[noreturn]] void wrong_type(const std::string& path, const json::value& value,
                             const std::string& wanted) {
    throw std::logic_error("hyper-parameter '" + path + "' is " + describe_found(value) + ", not " +
                           wanted + "; read it with the accessor for its type");
}

} // namespace

bool HyperParamsDocument::has(const std::string& path) const {
    return find_at_path(document_, path) != nullptr;
}

std::int64_t HyperParamsDocument::get_int(const std::string& path) const {
    const json::value& value = value_at(document_, path);
    if (value.is_int64()) {
        return value.get_int64();
    }
    if (value.is_uint64() && value.get_uint64() <= static_cast<std::uint64_t>(
                                                       std::numeric_limits<std::int64_t>::max())) {
        return static_cast<std::int64_t>(value.get_uint64());
    }
    wrong_type(path, value, "an integer");
}

double HyperParamsDocument::get_double(const std::string& path) const {
    const json::value& value = value_at(document_, path);
    if (!value.is_number()) {
        wrong_type(path, value, "a number");
    }
    return value.to_number<double>();
}

bool HyperParamsDocument::get_bool(const std::string& path) const {
    const json::value& value = value_at(document_, path);
    if (!value.is_bool()) {
        wrong_type(path, value, "true or false");
    }
    return value.get_bool();
}

std::string HyperParamsDocument::get_string(const std::string& path) const {
    const json::value& value = value_at(document_, path);
    if (!value.is_string()) {
        wrong_type(path, value, "a string");
    }
    return std::string(value.get_string());
}

std::vector<double> HyperParamsDocument::get_double_list(const std::string& path) const {
    const json::value& value = value_at(document_, path);
    const json::array* list = value.if_array();
    if (list == nullptr) {
        wrong_type(path, value, "a list of numbers");
    }
    std::vector<double> numbers;
    numbers.reserve(list->size());
    for (const json::value& element : *list) {
        if (!element.is_number()) {
            wrong_type(path, value, "a list of numbers");
        }
        numbers.push_back(element.to_number<double>());
    }
    return numbers;
}

std::string HyperParamsDocument::json(const std::string& path) const {
    if (path.empty()) {
        return to_sorted_json(document_, false);
    }
    return to_sorted_json(value_at(document_, path), false);
}

} // namespace nip::core
