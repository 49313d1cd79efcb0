#include "non_isomorphic_pairs.hpp"

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "graph_sampling.hpp"
#include "nip/core/errors.hpp"

namespace nip::core::gi {
namespace {

// Attempts with the bucket's own method before the closest candidate is accepted.
constexpr int attempts_for_target = 400;
// Attempts before giving up on finding a non-isomorphic pair at all.
constexpr int attempts_for_any_pair = 20000;

enum class PartnerMethod { same_edge_count, degree_preserving_swaps, degree_matched_swaps };

// 0 inside the bucket; otherwise how many rounds off (never separated counts as late).
int distance_to(ScoreBucket bucket, std::optional<int> score) {
    const int late = std::numeric_limits<int>::max() / 2;
    const int value = score.value_or(late);
    switch (bucket) {
    case ScoreBucket::score_1:
        return value - 1;
    case ScoreBucket::score_2:
        return value >= 2 ? value - 2 : 2 - value;
    case ScoreBucket::score_3_or_more:
        break;
    }
    return value >= 3 ? 0 : 3 - value;
}

// The bucket's own method first; when it has found nothing usable in its attempts (a
// sparse or dense small graph may have no suitable swap), the next less demanding one.
PartnerMethod method_for_attempt(ScoreBucket target, int attempt) {
    const int stage = attempt / attempts_for_target;
    switch (target) {
    case ScoreBucket::score_3_or_more:
        if (stage == 0) {
            return PartnerMethod::degree_matched_swaps;
        }
        return stage == 1 ? PartnerMethod::degree_preserving_swaps : PartnerMethod::same_edge_count;
    case ScoreBucket::score_2:
        return stage == 0 ? PartnerMethod::degree_preserving_swaps : PartnerMethod::same_edge_count;
    case ScoreBucket::score_1:
        break;
    }
    return PartnerMethod::same_edge_count;
}

bool is_non_isomorphic(const Graph& base, const Graph& partner, std::optional<int> score) {
    return score.has_value() || !are_isomorphic(base, partner);
}

// One or two swaps that keep every node's degree class, so rounds 1 and 2 see no
// difference. Most such swaps of a random graph give back an isomorphic graph, so the
// last swap is chosen among all candidates in random order, the first non-isomorphic one
// with a score of 3 or more.
std::optional<Graph> degree_matched_partner(const Graph& base, RandomSource& random) {
    std::vector<int> degrees(static_cast<std::size_t>(base.num_nodes()));
    for (int u = 0; u < base.num_nodes(); ++u) {
        degrees[static_cast<std::size_t>(u)] = base.degree(u);
    }
    Graph start = base;
    // Degrees never change, so the base's degrees stay valid classes after a swap.
    if (random.below(2) == 1 && !swap_edges(start, degrees, random)) {
        return std::nullopt;
    }
    auto swaps = class_preserving_swaps(start, degrees);
    random.shuffle(std::span<EdgeSwap>(swaps));
    for (const EdgeSwap& swap : swaps) {
        Graph partner = swapped(start, swap);
        const auto score = wl_separation_round(base, partner);
        if (distance_to(ScoreBucket::score_3_or_more, score) == 0 &&
            is_non_isomorphic(base, partner, score)) {
            return partner;
        }
    }
    return std::nullopt;
}

std::optional<Graph> make_partner(const Graph& base, PartnerMethod method, RandomSource& random) {
    const int n = base.num_nodes();
    switch (method) {
    case PartnerMethod::same_edge_count:
        return random_graph_with_edges(n, base.num_edges(), random);
    case PartnerMethod::degree_matched_swaps:
        return degree_matched_partner(base, random);
    case PartnerMethod::degree_preserving_swaps:
        break;
    }
    const std::vector<int> no_classes(static_cast<std::size_t>(n), 0);
    Graph partner = base;
    const int swaps = 1 + random.below(3);
    for (int i = 0; i < swaps; ++i) {
        if (!swap_edges(partner, no_classes, random)) {
            return std::nullopt;
        }
    }
    return partner;
}

} // namespace

NonIsomorphicPair find_non_isomorphic_pair(int num_nodes, double edge_probability,
                                           ScoreBucket target, RandomSource& random) {
    std::optional<NonIsomorphicPair> closest;
    int closest_distance = std::numeric_limits<int>::max();
    for (int attempt = 0; attempt < attempts_for_any_pair; ++attempt) {
        if (closest && attempt >= attempts_for_target) {
            return *closest;
        }
        Graph base = erdos_renyi_graph(num_nodes, edge_probability, random);
        auto partner = make_partner(base, method_for_attempt(target, attempt), random);
        if (!partner) {
            continue;
        }
        const std::optional<int> score = wl_separation_round(base, *partner);
        if (!is_non_isomorphic(base, *partner, score)) {
            continue;
        }
        const int distance = distance_to(target, score);
        if (distance < closest_distance) {
            closest_distance = distance;
            closest = NonIsomorphicPair{std::move(base), std::move(*partner), score.value_or(-1),
                                        distance == 0};
            if (distance == 0) {
                return *closest;
            }
        }
    }
    throw UsageError("graph-isomorphism data: no non-isomorphic pair with " +
                     std::to_string(num_nodes) + " nodes and equal edge counts turned up in " +
                     std::to_string(attempts_for_any_pair) + " attempts at edge probability " +
                     std::to_string(edge_probability) +
                     "; use edge probabilities further from 0 and 1");
}

} // namespace nip::core::gi
