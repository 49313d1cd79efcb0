// Shape and dtype checks for tensors that come from outside the environment (actions,
// saved states), with messages that name the key, what was expected and what was found.
#pragma once

#include <map>
#include <string>

#include <torch/types.h>

namespace nip::core {

// "int64", "float32", "bool", ... (numpy-style names, as users write them).
std::string dtype_name(at::ScalarType dtype);

// Throws std::invalid_argument "<where>: "<key>" has shape [..] <dtype>; expected [..] <dtype>"
// when `tensor` is undefined or its shape or dtype differ.
void check_tensor(const torch::Tensor& tensor, const std::string& where, const std::string& key,
                  at::IntArrayRef expected_shape, at::ScalarType expected_dtype);

// The entry `key` of `tensors`, checked as above; a missing key is an error too.
const torch::Tensor& checked_entry(const std::map<std::string, torch::Tensor>& tensors,
                                   const std::string& where, const std::string& key,
                                   at::IntArrayRef expected_shape, at::ScalarType expected_dtype);

} // namespace nip::core
