#include "game_seeds.hpp"

#include <ATen/CPUGeneratorImpl.h>

#include "tensor_checks.hpp"

namespace nip::core {

namespace {

// Apart from the sampler's seed, so the two streams are unrelated (splitmix64's odd
// constant, as a salt).
constexpr std::uint64_t salt = 0x9E3779B97F4A7C15ULL;

} // namespace

GameSeeds::GameSeeds(std::uint64_t seed)
    : generator_(at::make_generator<at::CPUGeneratorImpl>(seed ^ salt)) {}

torch::Tensor GameSeeds::draw(std::int64_t count) {
    return torch::randint(0, bound, {count}, generator_, torch::TensorOptions(torch::kInt64));
}

void GameSeeds::save(sdk::StateBlob& blob, const std::string& prefix) const {
    blob.tensors[prefix + "generator_state"] = generator_.get_state();
}

std::optional<torch::Tensor> GameSeeds::saved_state(const sdk::StateBlob& blob,
                                                    const std::string& prefix,
                                                    const std::string& where) const {
    if (blob.tensors.count(prefix + "generator_state") == 0) {
        return std::nullopt;
    }
    const auto state_size = generator_.get_state().numel();
    return checked_entry(blob.tensors, where, prefix + "generator_state", {state_size},
                         torch::kUInt8)
        .to(torch::kCPU)
        .contiguous();
}

void GameSeeds::restore(const torch::Tensor& state) {
    generator_.set_state(state);
}

} // namespace nip::core
