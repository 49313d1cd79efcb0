#include "tensor_checks.hpp"

#include <sstream>
#include <stdexcept>

namespace nip::core {

std::string dtype_name(at::ScalarType dtype) {
    switch (dtype) {
    case at::kBool:
        return "bool";
    case at::kByte:
        return "uint8";
    case at::kInt:
        return "int32";
    case at::kLong:
        return "int64";
    case at::kHalf:
        return "float16";
    case at::kFloat:
        return "float32";
    case at::kDouble:
        return "float64";
    default:
        return c10::toString(dtype);
    }
}

namespace {

std::string expectation(at::IntArrayRef shape, at::ScalarType dtype) {
    std::ostringstream text;
    text << shape << ' ' << dtype_name(dtype);
    return text.str();
}

} // namespace

void check_tensor(const torch::Tensor& tensor, const std::string& where, const std::string& key,
                  at::IntArrayRef expected_shape, at::ScalarType expected_dtype) {
    const auto expected = expectation(expected_shape, expected_dtype);
    if (!tensor.defined()) {
        throw std::invalid_argument(where + ": \"" + key + "\" is an undefined tensor; expected " +
                                    expected);
    }
    if (tensor.sizes() != expected_shape || tensor.scalar_type() != expected_dtype) {
        throw std::invalid_argument(where + ": \"" + key + "\" has shape " +
                                    expectation(tensor.sizes(), tensor.scalar_type()) +
                                    "; expected " + expected);
    }
}

const torch::Tensor& checked_entry(const std::map<std::string, torch::Tensor>& tensors,
                                   const std::string& where, const std::string& key,
                                   at::IntArrayRef expected_shape, at::ScalarType expected_dtype) {
    const auto found = tensors.find(key);
    if (found == tensors.end()) {
        throw std::invalid_argument(where + ": no \"" + key + "\" tensor; expected " +
                                    expectation(expected_shape, expected_dtype));
    }
    check_tensor(found->second, where, key, expected_shape, expected_dtype);
    return found->second;
}

} // namespace nip::core
