// The generator's randomness: the same numbers on every machine and standard library.
//
// std::mt19937_64's output sequence is fixed by the standard, but the distributions
// (uniform_int_distribution, uniform_real_distribution, ...) are implementation-defined,
// so the conversions to ranges and reals are written out here.
#pragma once

#include <cstdint>
#include <random>
#include <span>
#include <utility>

namespace nip::core::gi {

// A seed for one independent stream, derived from the dataset seed, the stream's purpose
// and an index (splitmix64 finalisers), so each pair is generated from its own stream.
std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t purpose, std::uint64_t index);

class RandomSource {
public:
    explicit RandomSource(std::uint64_t seed) : engine_(seed) {}

    std::uint64_t next() { return engine_(); }
    // Uniform in [0, 1): the top 53 bits scaled by 2^-53.
    double unit();
    // Uniform in [0, bound) for bound >= 1, by rejection (no modulo bias).
    std::uint64_t below(std::uint64_t bound);
    int below(int bound) { return static_cast<int>(below(static_cast<std::uint64_t>(bound))); }
    bool chance(double probability) { return unit() < probability; }

    template <typename T> void shuffle(std::span<T> items) {
        for (std::size_t i = items.size(); i > 1; --i) {
            std::swap(items[i - 1], items[below(static_cast<std::uint64_t>(i))]);
        }
    }

private:
    std::mt19937_64 engine_;
};

} // namespace nip::core::gi
