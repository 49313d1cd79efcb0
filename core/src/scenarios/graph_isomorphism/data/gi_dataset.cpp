#include "nip/core/scenarios/graph_isomorphism/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <torch/torch.h>

#include "gi_params.hpp"
#include "graph_sampling.hpp"
#include "non_isomorphic_pairs.hpp"
#include "random_source.hpp"

namespace nip::core {
namespace {

// Each part of the generation reads its own streams, so changing one part's draws never
// shifts another's.
enum Purpose : std::uint64_t {
    layout = 1,
    non_isomorphic_pair = 2,
    isomorphic_from_pool = 3,
    isomorphic_new = 4,
    pair_order = 5,
    datapoint_seed = 6,
};

struct GraphConfig {
    int num_nodes;
    double edge_probability;
};

struct GeneratedPair {
    Graph first;
    Graph second;
    std::int64_t label;
    std::int64_t wl_score;
};

struct PairCounts {
    std::int64_t isomorphic_from_pool, isomorphic_new;
    std::int64_t score_1, score_2, score_3_or_more;
};

PairCounts count_pairs(const GiDatasetParams& params) {
    const auto part = [](std::int64_t whole, double fraction) {
        return std::clamp<std::int64_t>(std::llround(static_cast<double>(whole) * fraction), 0,
                                        whole);
    };
    const std::int64_t isomorphic = part(params.num_pairs, params.isomorphic_fraction);
    const std::int64_t non_isomorphic = params.num_pairs - isomorphic;
    PairCounts counts{};
    counts.score_1 = part(non_isomorphic, params.wl_score_1_fraction);
    counts.score_2 =
        std::min(part(non_isomorphic, params.wl_score_2_fraction), non_isomorphic - counts.score_1);
    counts.score_3_or_more = non_isomorphic - counts.score_1 - counts.score_2;
    // Without non-isomorphic pairs there is no pool to draw from.
    counts.isomorphic_from_pool =
        non_isomorphic == 0 ? 0 : part(isomorphic, params.iso_from_non_iso_pool_fraction);
    counts.isomorphic_new = isomorphic - counts.isomorphic_from_pool;
    return counts;
}

// `count` configurations cycling through all (node count, edge probability) combinations
// from a random start, so every combination gets the same number of pairs, give or take one.
std::vector<GraphConfig> cycled_configs(const GiDatasetParams& params, std::int64_t count,
                                        gi::RandomSource& random) {
    std::vector<GraphConfig> all;
    for (std::int64_t n = params.min_nodes; n <= params.max_nodes; ++n) {
        for (double p : params.edge_probabilities) {
            all.push_back({static_cast<int>(n), p});
        }
    }
    std::vector<GraphConfig> configs;
    configs.reserve(static_cast<std::size_t>(count));
    const std::size_t start = random.below(all.size());
    for (std::int64_t i = 0; i < count; ++i) {
        configs.push_back(all[(start + static_cast<std::size_t>(i)) % all.size()]);
    }
    return configs;
}

// Both sides get their own node order, whatever the pair's label.
GeneratedPair shuffled_pair(const Graph& first, const Graph& second, std::int64_t label,
                            std::int64_t wl_score, gi::RandomSource& random) {
    const auto order_first = gi::random_permutation(first.num_nodes(), random);
    const auto order_second = gi::random_permutation(second.num_nodes(), random);
    return {permute_nodes(first, order_first), permute_nodes(second, order_second), label,
            wl_score};
}

torch::Tensor to_tensor(const std::vector<std::int64_t>& values) {
    return torch::tensor(values, torch::kLong);
}

GiDataset to_tensors(const std::vector<GeneratedPair>& pairs,
                     const std::vector<std::int64_t>& position_of, std::int64_t max_nodes,
                     std::uint64_t seed) {
    const auto num_pairs = static_cast<std::int64_t>(pairs.size());
    GiDataset data;
    data.adjacency = torch::zeros({num_pairs, 2, max_nodes, max_nodes}, torch::kBool);
    data.node_mask = torch::zeros({num_pairs, 2, max_nodes}, torch::kBool);
    bool* adjacency = data.adjacency.data_ptr<bool>();
    bool* mask = data.node_mask.data_ptr<bool>();
    std::vector<std::int64_t> labels(pairs.size()), scores(pairs.size()), seeds(pairs.size());
    for (std::size_t k = 0; k < pairs.size(); ++k) {
        const auto i = static_cast<std::size_t>(position_of[k]);
        const GeneratedPair& pair = pairs[k];
        labels[i] = pair.label;
        scores[i] = pair.wl_score;
        for (int side = 0; side < 2; ++side) {
            const Graph& graph = side == 0 ? pair.first : pair.second;
            const auto plane = static_cast<std::int64_t>(i) * 2 + side;
            for (int u = 0; u < graph.num_nodes(); ++u) {
                mask[plane * max_nodes + u] = true;
                for (int v = 0; v < graph.num_nodes(); ++v) {
                    adjacency[(plane * max_nodes + u) * max_nodes + v] = graph.has_edge(u, v);
                }
            }
        }
    }
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        // Non-negative, so it fits an int64 and reads the same as a Python int.
        seeds[i] = static_cast<std::int64_t>(gi::derive_seed(seed, datapoint_seed, i) >> 1);
    }
    data.label = to_tensor(labels);
    data.wl_score = to_tensor(scores);
    data.seed = to_tensor(seeds);
    return data;
}

} // namespace

GiDataset generate_gi_dataset(const GiDatasetParams& params) {
    gi::validate_params(params);
    const PairCounts counts = count_pairs(params);
    const std::uint64_t seed = params.seed;
    gi::RandomSource layout_random(gi::derive_seed(seed, layout, 0));

    GiGenerationReport report;
    report.requested_wl_score_1 = counts.score_1;
    report.requested_wl_score_2 = counts.score_2;
    report.requested_wl_score_3_or_more = counts.score_3_or_more;

    std::vector<GeneratedPair> pairs;
    pairs.reserve(static_cast<std::size_t>(params.num_pairs));
    // The non-isomorphic graphs before their node orders are shuffled: the pool that part
    // of the isomorphic pairs draw from.
    std::vector<Graph> pool;
    std::uint64_t index = 0;
    const std::pair<gi::ScoreBucket, std::int64_t> buckets[] = {
        {gi::ScoreBucket::score_1, counts.score_1},
        {gi::ScoreBucket::score_2, counts.score_2},
        {gi::ScoreBucket::score_3_or_more, counts.score_3_or_more}};
    for (const auto& [bucket, count] : buckets) {
        for (const GraphConfig& config : cycled_configs(params, count, layout_random)) {
            gi::RandomSource random(gi::derive_seed(seed, non_isomorphic_pair, index++));
            auto found = gi::find_non_isomorphic_pair(config.num_nodes, config.edge_probability,
                                                      bucket, random);
            ++report.non_isomorphic_by_wl_score[found.wl_score];
            report.pairs_outside_target_bucket += found.in_target_bucket ? 0 : 1;
            // The partner is not always second, so position says nothing.
            if (random.below(2) == 1) {
                std::swap(found.first, found.second);
            }
            pairs.push_back(shuffled_pair(found.first, found.second, 0, found.wl_score, random));
            pool.push_back(std::move(found.first));
            pool.push_back(std::move(found.second));
        }
    }
    for (std::int64_t k = 0; k < counts.isomorphic_from_pool; ++k) {
        gi::RandomSource random(gi::derive_seed(seed, isomorphic_from_pool, k));
        const Graph& graph = pool[random.below(pool.size())];
        pairs.push_back(shuffled_pair(graph, graph, 1, -1, random));
    }
    std::uint64_t new_index = 0;
    for (const GraphConfig& config : cycled_configs(params, counts.isomorphic_new, layout_random)) {
        gi::RandomSource random(gi::derive_seed(seed, isomorphic_new, new_index++));
        const Graph graph =
            gi::erdos_renyi_graph(config.num_nodes, config.edge_probability, random);
        pairs.push_back(shuffled_pair(graph, graph, 1, -1, random));
    }

    std::vector<std::int64_t> position_of(pairs.size());
    for (std::size_t k = 0; k < pairs.size(); ++k) {
        position_of[k] = static_cast<std::int64_t>(k);
    }
    gi::RandomSource order_random(gi::derive_seed(seed, pair_order, 0));
    order_random.shuffle(std::span<std::int64_t>(position_of));

    GiDataset data = to_tensors(pairs, position_of, params.max_nodes, seed);
    data.report = std::move(report);
    return data;
}

Graph gi_graph(const GiDataset& data, std::int64_t pair, int side) {
    const std::int64_t num_pairs = data.adjacency.defined() ? data.adjacency.size(0) : 0;
    if (pair < 0 || pair >= num_pairs || side < 0 || side > 1) {
        throw std::out_of_range("gi_graph: pair " + std::to_string(pair) + ", side " +
                                std::to_string(side) + " is not in a dataset of " +
                                std::to_string(num_pairs) + " pairs with sides 0 and 1");
    }
    const auto mask = data.node_mask[pair][side].to(torch::kBool).contiguous();
    const auto adjacency = data.adjacency[pair][side].to(torch::kBool).contiguous();
    const auto mask_values = mask.accessor<bool, 1>();
    const auto edges = adjacency.accessor<bool, 2>();
    std::vector<int> nodes;
    for (std::int64_t u = 0; u < mask.size(0); ++u) {
        if (mask_values[u]) {
            nodes.push_back(static_cast<int>(u));
        }
    }
    Graph graph(static_cast<int>(nodes.size()));
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        for (std::size_t j = i + 1; j < nodes.size(); ++j) {
            if (edges[nodes[i]][nodes[j]]) {
                graph.add_edge(static_cast<int>(i), static_cast<int>(j));
            }
        }
    }
    return graph;
}

} // namespace nip::core
