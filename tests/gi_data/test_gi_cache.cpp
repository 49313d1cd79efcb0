#include <boost/test/unit_test.hpp>

#include <fstream>

#include <unistd.h>

#include <torch/torch.h>

#include "nip/core/scenarios/graph_isomorphism/dataset.hpp"

namespace fs = std::filesystem;
using nip::core::CachedDataset;
using nip::core::GiDatasetParams;

namespace {

struct CacheFixture {
    fs::path root = fs::temp_directory_path() / ("nip-gi-cache-" + std::to_string(::getpid()));
    GiDatasetParams params;
    CacheFixture() {
        fs::remove_all(root);
        params.num_pairs = 300;
        params.seed = 77;
    }
    ~CacheFixture() { fs::remove_all(root); }
};

bool same_data(const CachedDataset& a, const CachedDataset& b) {
    return torch::equal(a.data.adjacency, b.data.adjacency) &&
           torch::equal(a.data.node_mask, b.data.node_mask) &&
           torch::equal(a.data.label, b.data.label) &&
           torch::equal(a.data.wl_score, b.data.wl_score) &&
           torch::equal(a.data.seed, b.data.seed) &&
           a.data.report.non_isomorphic_by_wl_score == b.data.report.non_isomorphic_by_wl_score &&
           a.data.report.pairs_outside_target_bucket == b.data.report.pairs_outside_target_bucket;
}

void flip_byte(const fs::path& path, std::streamoff offset) {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(offset);
    char byte = 0;
    file.get(byte);
    file.seekp(offset);
    file.put(static_cast<char>(byte ^ 0x5a));
}

} // namespace

BOOST_AUTO_TEST_SUITE(gi_cache)

BOOST_FIXTURE_TEST_CASE(second_call_loads_what_the_first_generated, CacheFixture) {
    const auto first = nip::core::load_or_generate_gi_dataset(params, root);
    BOOST_TEST(first.generated);
    BOOST_TEST(first.cache_problem.empty());
    BOOST_TEST(first.directory.parent_path() == root);
    BOOST_TEST(first.directory.filename().string().rfind("gi-", 0) == 0);
    BOOST_TEST(first.directory.filename().string().size() == 3 + 16);
    BOOST_TEST(fs::exists(first.directory / "manifest.json"));

    const auto second = nip::core::load_or_generate_gi_dataset(params, root);
    BOOST_TEST(!second.generated);
    BOOST_TEST(second.directory == first.directory);
    BOOST_TEST(same_data(first, second));
    BOOST_TEST(
        torch::equal(second.data.adjacency, nip::core::generate_gi_dataset(params).adjacency));
}

BOOST_FIXTURE_TEST_CASE(other_parameters_use_another_directory, CacheFixture) {
    const auto first = nip::core::load_or_generate_gi_dataset(params, root);
    params.edge_probabilities = {0.3, 0.5};
    const auto other = nip::core::load_or_generate_gi_dataset(params, root);
    BOOST_TEST(other.generated);
    BOOST_TEST(other.directory != first.directory);
}

BOOST_FIXTURE_TEST_CASE(a_corrupted_file_is_detected_and_regenerated, CacheFixture) {
    const auto first = nip::core::load_or_generate_gi_dataset(params, root);
    flip_byte(first.directory / "tensors.pt", 200);

    const auto repaired = nip::core::load_or_generate_gi_dataset(params, root);
    BOOST_TEST(repaired.generated);
    BOOST_TEST(repaired.cache_problem.find("tensors.pt") != std::string::npos,
               repaired.cache_problem);
    BOOST_TEST(same_data(first, repaired));

    const auto reloaded = nip::core::load_or_generate_gi_dataset(params, root);
    BOOST_TEST(!reloaded.generated);
    BOOST_TEST(same_data(first, reloaded));
}

BOOST_FIXTURE_TEST_CASE(an_interrupted_write_is_not_trusted, CacheFixture) {
    const auto first = nip::core::load_or_generate_gi_dataset(params, root);
    // What a crash before the manifest was written leaves behind.
    fs::remove(first.directory / "manifest.json");
    const auto again = nip::core::load_or_generate_gi_dataset(params, root);
    BOOST_TEST(again.generated);
    BOOST_TEST(again.cache_problem.find("manifest.json") != std::string::npos, again.cache_problem);
    BOOST_TEST(same_data(first, again));
    BOOST_TEST(!fs::exists(fs::path(first.directory.string() + ".partial")));
}

BOOST_FIXTURE_TEST_CASE(a_truncated_file_is_detected, CacheFixture) {
    const auto first = nip::core::load_or_generate_gi_dataset(params, root);
    fs::resize_file(first.directory / "report.json", 5);
    const auto again = nip::core::load_or_generate_gi_dataset(params, root);
    BOOST_TEST(again.generated);
    BOOST_TEST(same_data(first, again));
}

BOOST_AUTO_TEST_SUITE_END()
