#include "gi_observation.hpp"

#include <stdexcept>

namespace nip::core::gi_agents {
namespace {

std::string shape_text(c10::IntArrayRef sizes) {
    std::string text = "(";
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        text += (i == 0 ? "" : ", ") + (sizes[i] < 0 ? std::string("*") : std::to_string(sizes[i]));
    }
    return text + ")";
}

} // namespace

const torch::Tensor& checked_tensor(const sdk::TensorMap& tensors, const std::string& key,
                                    const std::vector<std::int64_t>& sizes,
                                    const std::string& reader) {
    const auto found = tensors.find(key);
    if (found == tensors.end() || !found->second.defined()) {
        throw std::invalid_argument(reader + ": input '" + key + "' is missing; expected shape " +
                                    shape_text(sizes));
    }
    const auto actual = found->second.sizes();
    bool matches = actual.size() == sizes.size();
    for (std::size_t i = 0; matches && i < sizes.size(); ++i) {
        matches = sizes[i] < 0 || sizes[i] == actual[i];
    }
    if (!matches) {
        throw std::invalid_argument(reader + ": input '" + key + "' has shape " +
                                    shape_text(actual) + ", expected " + shape_text(sizes));
    }
    return found->second;
}

torch::Tensor round_one_hot(const torch::Tensor& round, const torch::Tensor& round_values) {
    return (round.unsqueeze(1) == round_values.unsqueeze(0)).to(torch::kFloat32);
}

} // namespace nip::core::gi_agents
