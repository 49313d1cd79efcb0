#include "epoch_sampler.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include <ATen/CPUGeneratorImpl.h>

#include "tensor_checks.hpp"

namespace nip::core {

namespace {

torch::Tensor random_permutation(std::int64_t size, at::Generator& generator) {
    return torch::randperm(size, generator, torch::TensorOptions().dtype(torch::kInt64));
}

} // namespace

EpochSampler::EpochSampler(std::int64_t dataset_size, std::uint64_t seed)
    : dataset_size_(dataset_size), generator_(at::make_generator<at::CPUGeneratorImpl>(seed)) {
    if (dataset_size <= 0) {
        throw std::invalid_argument("EpochSampler: the dataset is empty; give it at least one "
                                    "datapoint");
    }
    permutation_ = random_permutation(dataset_size_, generator_);
}

torch::Tensor EpochSampler::draw(std::int64_t count) {
    std::vector<torch::Tensor> pieces;
    while (count > 0) {
        if (position_ == dataset_size_) {
            permutation_ = random_permutation(dataset_size_, generator_);
            position_ = 0;
        }
        const auto taken = std::min(count, dataset_size_ - position_);
        pieces.push_back(permutation_.slice(0, position_, position_ + taken));
        position_ += taken;
        count -= taken;
    }
    if (pieces.empty()) {
        return torch::empty({0}, torch::kInt64);
    }
    return torch::cat(pieces);
}

void EpochSampler::save(sdk::StateBlob& blob, const std::string& prefix) const {
    blob.tensors[prefix + "generator_state"] = generator_.get_state();
    blob.tensors[prefix + "permutation"] = permutation_.clone();
    blob.tensors[prefix + "position"] = torch::tensor(position_, torch::kInt64);
}

void EpochSampler::load(const sdk::StateBlob& blob, const std::string& prefix,
                        const std::string& where) {
    const auto state_size = generator_.get_state().numel();
    const auto generator_state =
        checked_entry(blob.tensors, where, prefix + "generator_state", {state_size}, torch::kUInt8);
    const auto permutation =
        checked_entry(blob.tensors, where, prefix + "permutation", {dataset_size_}, torch::kInt64)
            .to(torch::kCPU)
            .contiguous();
    const auto position = checked_entry(blob.tensors, where, prefix + "position", {}, torch::kInt64)
                              .item<std::int64_t>();
    if (!torch::equal(std::get<0>(permutation.sort()),
                      torch::arange(dataset_size_, torch::kInt64))) {
        throw std::invalid_argument(where + ": \"" + prefix +
                                    "permutation\" is not a permutation of 0.." +
                                    std::to_string(dataset_size_ - 1) +
                                    "; the state belongs to another dataset or is damaged");
    }
    if (position < 0 || position > dataset_size_) {
        throw std::invalid_argument(where + ": \"" + prefix + "position\" is " +
                                    std::to_string(position) + "; expected 0.." +
                                    std::to_string(dataset_size_));
    }
    generator_.set_state(generator_state.to(torch::kCPU).contiguous());
    permutation_ = permutation.clone();
    position_ = position;
}

} // namespace nip::core
