#include "random_source.hpp"

namespace nip::core::gi {
namespace {

std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

} // namespace

std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t purpose, std::uint64_t index) {
    return splitmix64(splitmix64(splitmix64(seed) ^ purpose) ^ index);
}

double RandomSource::unit() {
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

std::uint64_t RandomSource::below(std::uint64_t bound) {
    // Values under 2^64 mod bound would make the low residues more likely: drop them.
    const std::uint64_t threshold = (0 - bound) % bound;
    for (;;) {
        const std::uint64_t value = next();
        if (value >= threshold) {
            return value % bound;
        }
    }
}

} // namespace nip::core::gi
