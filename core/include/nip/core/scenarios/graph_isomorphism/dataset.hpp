// The graph-isomorphism dataset: pairs of Erdős–Rényi graphs, half isomorphic, the
// non-isomorphic half weighted towards pairs that 1-WL separates only late.
//
// Generation is deterministic from the parameters: the same bits on every machine and
// every run (its own PRNG with explicit integer-to-real conversions; torch's RNG is not
// used). How each kind of pair is made:
// - every pair draws a (node count, edge probability) configuration; each group of pairs
//   below cycles through all configurations, so node counts and probabilities are
//   evenly covered;
// - non-isomorphic pairs have equal node and edge counts (otherwise counting would
//   separate them). Each is made for a WL-score bucket (1, 2, 3 or more) from an ER base
//   graph and a partner:
//     score 1: a uniform random graph with the same node and edge counts;
//     score 2: the base after 1-3 random degree-preserving double-edge swaps (the degree
//              sequence stays, so round 1 cannot separate them);
//     score 3+: the base after 1-2 double-edge swaps whose swapped endpoints have equal
//              degrees (this keeps every node's multiset of neighbour degrees as well, so
//              round 2 cannot separate them either); most such swaps give back an
//              isomorphic graph, so the last swap is searched among all candidates.
//   A candidate outside its bucket is retried with a fresh base graph; after a bounded
//   number of attempts (then less demanding methods) the closest score found is used and
//   counted in GiGenerationReport, so generation always ends. Pairs that 1-WL does not
//   separate are checked with the exact test: isomorphic ones are dropped, the others are
//   kept in the 3+ bucket with wl_score -1 (about 2-3% of the non-isomorphic pairs);
// - isomorphic pairs are a graph and itself, each side with its own random node
//   permutation; a fraction `iso_from_non_iso_pool_fraction` of them take a graph of the
//   non-isomorphic pairs (so graph statistics do not tell the classes apart), the rest a
//   fresh ER graph;
// - both graphs of every pair, isomorphic or not, get independent random node orders (a
//   rewired partner would otherwise match its base entry by entry), and the pairs are
//   shuffled.
// 10000 pairs take well under a second on one core.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <torch/types.h>

#include "nip/core/scenarios/graph_isomorphism/weisfeiler_lehman.hpp"

namespace nip::core {

struct GiDatasetParams {
    std::int64_t num_pairs = 0;
    // Node counts are min_nodes..max_nodes; 4 <= min_nodes <= max_nodes <= 64 (fewer than 4
    // nodes admit no non-isomorphic pair with equal edge counts).
    std::int64_t min_nodes = 7;
    std::int64_t max_nodes = 11;
    // Each strictly between 0 and 1.
    std::vector<double> edge_probabilities{0.2, 0.4, 0.6, 0.8};
    double isomorphic_fraction = 0.5;
    // Of the non-isomorphic pairs; the rest (1 - both) aim at WL score 3 or more.
    double wl_score_1_fraction = 0.1;
    double wl_score_2_fraction = 0.2;
    // Of the isomorphic pairs: how many reuse a graph from the non-isomorphic pairs.
    double iso_from_non_iso_pool_fraction = 0.5;
    std::uint64_t seed = 0;
};

// What the generator achieved (the score buckets are targets, not guarantees).
struct GiGenerationReport {
    std::int64_t requested_wl_score_1 = 0;
    std::int64_t requested_wl_score_2 = 0;
    std::int64_t requested_wl_score_3_or_more = 0;
    // Non-isomorphic pairs by the WL score they have; -1: 1-WL never separates them.
    std::map<int, std::int64_t> non_isomorphic_by_wl_score;
    // Non-isomorphic pairs whose bucket's attempts ran out (they hold the closest score).
    std::int64_t pairs_outside_target_bucket = 0;
};

// N = max_nodes; a graph with fewer nodes uses indices 0..n-1, the rest is padding.
struct GiDataset {
    torch::Tensor adjacency; // (num_pairs, 2, N, N) bool, symmetric, zero diagonal
    torch::Tensor node_mask; // (num_pairs, 2, N) bool, true for the graph's nodes
    torch::Tensor label;     // (num_pairs) int64: 1 isomorphic (accept), 0 not
    torch::Tensor wl_score;  // (num_pairs) int64: -1 isomorphic or never separated by 1-WL
    torch::Tensor seed;      // (num_pairs) int64 >= 0: a per-datapoint seed for later use
    GiGenerationReport report;
};

// Throws UsageError naming the parameter when the parameters are out of range.
GiDataset generate_gi_dataset(const GiDatasetParams& params);

// One graph of a pair: `side` 0 or 1. Throws std::out_of_range for a bad index.
Graph gi_graph(const GiDataset& data, std::int64_t pair, int side);

// The parameters as canonical JSON (sorted keys, compact), with the generator's format
// version: the cache key is derived from it.
std::string gi_params_canonical_json(const GiDatasetParams& params);

struct CachedDataset {
    GiDataset data;
    bool generated = false; // false: loaded from an intact cache
    std::filesystem::path directory;
    // Why an existing cache directory was not used (empty when there was none, or it was used).
    std::string cache_problem;
};

// Loads <cache_dir>/gi-<first 16 hex of SHA-256 of the canonical JSON>/ when its manifest
// (file sizes and SHA-256 digests, written last) checks out and its parameters match;
// otherwise generates, writes durably into a temporary directory and renames it into
// place. Concurrent callers are serialised by a lock file beside the directory. Throws
// IoError when the cache cannot be written.
CachedDataset load_or_generate_gi_dataset(const GiDatasetParams& params,
                                          const std::filesystem::path& cache_dir);

} // namespace nip::core
