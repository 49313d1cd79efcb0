#include <boost/test/unit_test.hpp>

#include <cmath>
#include <map>

#include <torch/torch.h>

#include "nip/core/errors.hpp"
#include "nip/core/scenarios/graph_isomorphism/dataset.hpp"
#include "nip/core/sha256.hpp"

using nip::core::GiDataset;
using nip::core::GiDatasetParams;
using nip::core::Graph;

namespace {

GiDatasetParams default_params(std::int64_t num_pairs, std::uint64_t seed) {
    GiDatasetParams params;
    params.num_pairs = num_pairs;
    params.seed = seed;
    return params;
}

// One mid-sized dataset shared by the checks below (generating it takes well under a second).
const GiDataset& shared_dataset() {
    static const GiDataset data = nip::core::generate_gi_dataset(default_params(2000, 11));
    return data;
}

bool tensors_equal(const GiDataset& a, const GiDataset& b) {
    return torch::equal(a.adjacency, b.adjacency) && torch::equal(a.node_mask, b.node_mask) &&
           torch::equal(a.label, b.label) && torch::equal(a.wl_score, b.wl_score) &&
           torch::equal(a.seed, b.seed);
}

std::string raw_bytes(const torch::Tensor& tensor) {
    const auto contiguous = tensor.contiguous();
    return std::string(static_cast<const char*>(contiguous.data_ptr()), contiguous.nbytes());
}

} // namespace

BOOST_AUTO_TEST_SUITE(gi_dataset)

BOOST_AUTO_TEST_CASE(tensors_have_the_documented_shapes_and_padding) {
    const GiDataset& data = shared_dataset();
    BOOST_TEST(data.adjacency.sizes() == torch::IntArrayRef({2000, 2, 11, 11}));
    BOOST_TEST(data.node_mask.sizes() == torch::IntArrayRef({2000, 2, 11}));
    BOOST_TEST(data.adjacency.scalar_type() == torch::kBool);
    BOOST_TEST(data.label.scalar_type() == torch::kLong);
    BOOST_TEST(torch::equal(data.adjacency, data.adjacency.transpose(2, 3)));
    BOOST_TEST(!data.adjacency.diagonal(0, 2, 3).any().item<bool>());
    // No edge touches a padding node, and nodes are a prefix 0..n-1.
    const auto mask = data.node_mask;
    const auto both_real = mask.unsqueeze(3).logical_and(mask.unsqueeze(2));
    BOOST_TEST(!data.adjacency.logical_and(both_real.logical_not()).any().item<bool>());
    const auto sizes = mask.sum(2, false, torch::kLong);
    const auto prefix = torch::arange(11).view({1, 1, 11}) < sizes.unsqueeze(2);
    BOOST_TEST(torch::equal(prefix, mask));
    BOOST_TEST(data.seed.min().item<std::int64_t>() >= 0);
    BOOST_TEST(std::get<0>(torch::_unique(data.seed)).size(0) == 2000);
}

BOOST_AUTO_TEST_CASE(label_balance_matches_the_isomorphic_fraction) {
    for (double fraction : {0.5, 0.3}) {
        auto params = default_params(301, 5);
        params.isomorphic_fraction = fraction;
        const auto data = nip::core::generate_gi_dataset(params);
        const double isomorphic = static_cast<double>(data.label.sum().item<std::int64_t>());
        BOOST_TEST(std::abs(isomorphic - fraction * 301) <= 1.0);
    }
    BOOST_TEST(shared_dataset().label.sum().item<std::int64_t>() == 1000);
}

BOOST_AUTO_TEST_CASE(node_counts_cover_the_range_evenly) {
    const auto sizes = shared_dataset().node_mask.select(1, 0).sum(1, false, torch::kLong);
    BOOST_TEST(
        torch::equal(sizes, shared_dataset().node_mask.select(1, 1).sum(1, false, torch::kLong)));
    for (std::int64_t n = 7; n <= 11; ++n) {
        const auto count = sizes.eq(n).sum().item<std::int64_t>();
        BOOST_TEST_CONTEXT("n = " << n) {
            BOOST_TEST(count >= 340); // 400 expected
            BOOST_TEST(count <= 460);
        }
    }
}

BOOST_AUTO_TEST_CASE(non_isomorphic_pairs_match_in_size_and_are_truly_non_isomorphic) {
    const GiDataset& data = shared_dataset();
    for (std::int64_t i = 0; i < data.label.size(0); ++i) {
        if (data.label[i].item<std::int64_t>() != 0) {
            continue;
        }
        const Graph a = nip::core::gi_graph(data, i, 0);
        const Graph b = nip::core::gi_graph(data, i, 1);
        const auto score = nip::core::wl_separation_round(a, b);
        BOOST_TEST_CONTEXT("pair " << i) {
            BOOST_TEST(a.num_nodes() == b.num_nodes());
            BOOST_TEST(a.num_edges() == b.num_edges());
            BOOST_TEST(score.value_or(-1) == data.wl_score[i].item<std::int64_t>());
            BOOST_TEST(!nip::core::are_isomorphic(a, b));
        }
    }
}

BOOST_AUTO_TEST_CASE(isomorphic_pairs_are_isomorphic_and_not_identical) {
    const GiDataset& data = shared_dataset();
    std::int64_t identical = 0;
    for (std::int64_t i = 0; i < data.label.size(0); ++i) {
        if (data.label[i].item<std::int64_t>() != 1) {
            continue;
        }
        const Graph a = nip::core::gi_graph(data, i, 0);
        const Graph b = nip::core::gi_graph(data, i, 1);
        identical += a == b ? 1 : 0;
        BOOST_TEST_CONTEXT("pair " << i) {
            BOOST_TEST(nip::core::are_isomorphic(a, b));
            BOOST_TEST(data.wl_score[i].item<std::int64_t>() == -1);
        }
    }
    // Both sides get their own node order; only tiny or very symmetric graphs coincide.
    BOOST_TEST(identical < 50);
}

BOOST_AUTO_TEST_CASE(wl_scores_follow_the_requested_proportions) {
    const GiDataset& data = shared_dataset();
    const auto non_isomorphic = data.label.eq(0);
    const auto scores = data.wl_score.masked_select(non_isomorphic);
    const double total = static_cast<double>(scores.size(0));
    const double score_1 = static_cast<double>(scores.eq(1).sum().item<std::int64_t>());
    const double score_2 = static_cast<double>(scores.eq(2).sum().item<std::int64_t>());
    const double later =
        static_cast<double>(scores.ge(3).logical_or(scores.eq(-1)).sum().item<std::int64_t>());
    BOOST_TEST(total == 1000.0);
    BOOST_TEST(std::abs(score_1 / total - 0.1) <= 0.02);
    BOOST_TEST(std::abs(score_2 / total - 0.2) <= 0.03);
    BOOST_TEST(std::abs(later / total - 0.7) <= 0.03);
    BOOST_TEST(scores.eq(0).sum().item<std::int64_t>() == 0);

    const auto& report = data.report;
    BOOST_TEST(report.requested_wl_score_1 == 100);
    BOOST_TEST(report.requested_wl_score_2 == 200);
    BOOST_TEST(report.requested_wl_score_3_or_more == 700);
    std::int64_t reported = 0;
    for (const auto& [score, count] : report.non_isomorphic_by_wl_score) {
        BOOST_TEST(count == scores.eq(score).sum().item<std::int64_t>());
        reported += count;
    }
    BOOST_TEST(reported == 1000);
    BOOST_TEST(report.pairs_outside_target_bucket <= 30);
}

BOOST_AUTO_TEST_CASE(about_half_the_isomorphic_pairs_reuse_non_isomorphic_graphs) {
    const GiDataset& data = shared_dataset();
    std::multimap<std::pair<int, int>, Graph> pool; // by (nodes, edges)
    std::vector<Graph> isomorphic;
    for (std::int64_t i = 0; i < data.label.size(0); ++i) {
        const Graph a = nip::core::gi_graph(data, i, 0);
        if (data.label[i].item<std::int64_t>() == 1) {
            isomorphic.push_back(a);
            continue;
        }
        const Graph b = nip::core::gi_graph(data, i, 1);
        pool.emplace(std::pair{a.num_nodes(), a.num_edges()}, a);
        pool.emplace(std::pair{b.num_nodes(), b.num_edges()}, b);
    }
    std::int64_t reused = 0;
    for (const Graph& graph : isomorphic) {
        auto [first, last] = pool.equal_range({graph.num_nodes(), graph.num_edges()});
        for (auto it = first; it != last; ++it) {
            if (nip::core::are_isomorphic(graph, it->second)) {
                ++reused;
                break;
            }
        }
    }
    // 500 drawn from the pool; small sparse or dense fresh graphs sometimes match one by chance.
    BOOST_TEST(reused >= 500);
    BOOST_TEST(reused <= 650);
}

BOOST_AUTO_TEST_CASE(one_seed_gives_the_same_bits_another_seed_differs) {
    const auto first = nip::core::generate_gi_dataset(default_params(400, 42));
    const auto again = nip::core::generate_gi_dataset(default_params(400, 42));
    const auto other = nip::core::generate_gi_dataset(default_params(400, 43));
    BOOST_TEST(tensors_equal(first, again));
    BOOST_TEST(!torch::equal(first.adjacency, other.adjacency));
    BOOST_TEST(!torch::equal(first.seed, other.seed));
}

BOOST_AUTO_TEST_CASE(generator_output_is_pinned) {
    // The same bits on every machine. When a change to the generator alters them on
    // purpose, bump format_version in gi_params.cpp (old caches must miss) and update this.
    auto params = default_params(200, 2024);
    params.min_nodes = 5;
    params.max_nodes = 9;
    const auto data = nip::core::generate_gi_dataset(params);
    const std::string digest = nip::core::sha256_hex(
        raw_bytes(data.adjacency) + raw_bytes(data.node_mask) + raw_bytes(data.label) +
        raw_bytes(data.wl_score) + raw_bytes(data.seed));
    BOOST_TEST(digest == "8bb4effcf409b0dd9c633d160762ca11a96b3bb9dea1bedfaeee0808492085e4");
}

BOOST_AUTO_TEST_CASE(other_sizes_and_edge_cases_generate) {
    GiDatasetParams params = default_params(120, 9);
    params.min_nodes = 4;
    params.max_nodes = 6;
    params.edge_probabilities = {0.1, 0.9};
    const auto small = nip::core::generate_gi_dataset(params);
    BOOST_TEST(small.adjacency.sizes() == torch::IntArrayRef({120, 2, 6, 6}));
    for (std::int64_t i = 0; i < 120; ++i) {
        const Graph a = nip::core::gi_graph(small, i, 0);
        const Graph b = nip::core::gi_graph(small, i, 1);
        BOOST_TEST(nip::core::are_isomorphic(a, b) == (small.label[i].item<std::int64_t>() == 1));
    }
    const auto empty = nip::core::generate_gi_dataset(default_params(0, 1));
    BOOST_TEST(empty.adjacency.sizes() == torch::IntArrayRef({0, 2, 11, 11}));
}

BOOST_AUTO_TEST_CASE(unreachable_buckets_fall_back_to_the_closest_score_and_say_so) {
    // On 4 nodes every non-isomorphic pair with equal edge counts differs in degrees, so
    // only WL score 1 exists: the score-2 and score-3+ buckets must give up and report it.
    GiDatasetParams params = default_params(40, 3);
    params.min_nodes = 4;
    params.max_nodes = 4;
    const auto data = nip::core::generate_gi_dataset(params);
    const auto& report = data.report;
    BOOST_TEST(report.non_isomorphic_by_wl_score.size() == 1U);
    BOOST_TEST(report.non_isomorphic_by_wl_score.at(1) == 20);
    BOOST_TEST(report.pairs_outside_target_bucket ==
               report.requested_wl_score_2 + report.requested_wl_score_3_or_more);
    BOOST_TEST(report.pairs_outside_target_bucket == 18);
}

BOOST_AUTO_TEST_CASE(bad_parameters_are_refused_by_name) {
    auto expect_refusal = [](GiDatasetParams params, const std::string& key) {
        try {
            nip::core::generate_gi_dataset(params);
            BOOST_ERROR("no error for a bad " << key);
        } catch (const nip::core::UsageError& e) {
            BOOST_TEST(std::string(e.what()).find("'" + key) != std::string::npos, e.what());
        }
    };
    auto params = default_params(10, 1);
    params.min_nodes = 3;
    expect_refusal(params, "min_nodes");
    params = default_params(10, 1);
    params.max_nodes = 65;
    expect_refusal(params, "max_nodes");
    params = default_params(10, 1);
    params.edge_probabilities = {0.5, 1.0};
    expect_refusal(params, "edge_probabilities");
    params = default_params(10, 1);
    params.wl_score_1_fraction = 0.6;
    params.wl_score_2_fraction = 0.6;
    expect_refusal(params, "wl_score_1_fraction + wl_score_2_fraction");
    params = default_params(-1, 1);
    expect_refusal(params, "num_pairs");
}

BOOST_AUTO_TEST_SUITE_END()
