// Reading back and comparing the checkpoints of two runs, for the exact-resume tests.
#pragma once

#include <boost/test/unit_test.hpp>

#include <cstring>
#include <filesystem>

#include <torch/types.h>

#include "nip/sdk/state.hpp"

namespace nip::test {

// The run's newest checkpoint directory (checkpoints/iter-N with the largest N).
inline std::filesystem::path latest_checkpoint(const std::filesystem::path& run_dir) {
    std::filesystem::path latest;
    for (const auto& entry : std::filesystem::directory_iterator(run_dir / "checkpoints")) {
        if (entry.path().filename().string().rfind("iter-", 0) == 0 && entry.path() > latest) {
            latest = entry.path();
        }
    }
    return latest;
}

// Every tensor of `a` is in `b` with the same shape, type and bytes (and no more).
inline void require_bitwise_equal(const nip::sdk::StateBlob& a, const nip::sdk::StateBlob& b) {
    BOOST_REQUIRE_EQUAL(a.tensors.size(), b.tensors.size());
    for (const auto& [name, tensor] : a.tensors) {
        BOOST_TEST_CONTEXT("tensor " << name) {
            const auto found = b.tensors.find(name);
            BOOST_REQUIRE(found != b.tensors.end());
            const auto& other = found->second;
            BOOST_CHECK(tensor.sizes() == other.sizes());
            BOOST_CHECK(tensor.dtype() == other.dtype());
            if (tensor.sizes() != other.sizes() || tensor.dtype() != other.dtype()) {
                continue;
            }
            const auto bytes = static_cast<std::size_t>(tensor.numel() * tensor.element_size());
            BOOST_CHECK(std::memcmp(tensor.contiguous().data_ptr(), other.contiguous().data_ptr(),
                                    bytes) == 0);
        }
    }
}

} // namespace nip::test
