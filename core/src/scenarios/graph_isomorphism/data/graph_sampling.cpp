#include "graph_sampling.hpp"

#include <array>

namespace nip::core::gi {
Graph erdos_renyi_graph(int num_nodes, double edge_probability, RandomSource& random) {
    Graph graph(num_nodes);
    for (int u = 0; u < num_nodes; ++u) {
        for (int v = u + 1; v < num_nodes; ++v) {
            if (random.chance(edge_probability)) {
                graph.add_edge(u, v);
            }
        }
    }
    return graph;
}

Graph random_graph_with_edges(int num_nodes, int num_edges, RandomSource& random) {
    std::vector<std::array<int, 2>> pairs;
    for (int u = 0; u < num_nodes; ++u) {
        for (int v = u + 1; v < num_nodes; ++v) {
            pairs.push_back({u, v});
        }
    }
    // Partial Fisher-Yates: the first num_edges entries become a uniform random subset.
    Graph graph(num_nodes);
    for (std::size_t i = 0; i < static_cast<std::size_t>(num_edges) && i < pairs.size(); ++i) {
        const std::size_t pick = i + random.below(pairs.size() - i);
        std::swap(pairs[i], pairs[pick]);
        graph.add_edge(pairs[i][0], pairs[i][1]);
    }
    return graph;
}

std::vector<int> random_permutation(int num_nodes, RandomSource& random) {
    std::vector<int> permutation(static_cast<std::size_t>(num_nodes));
    for (int i = 0; i < num_nodes; ++i) {
        permutation[static_cast<std::size_t>(i)] = i;
    }
    random.shuffle(std::span<int>(permutation));
    return permutation;
}

std::vector<EdgeSwap> class_preserving_swaps(const Graph& graph,
                                             std::span<const int> node_classes) {
    std::vector<std::array<int, 2>> edges;
    for (int u = 0; u < graph.num_nodes(); ++u) {
        for (int v = u + 1; v < graph.num_nodes(); ++v) {
            if (graph.has_edge(u, v)) {
                edges.push_back({u, v});
            }
        }
    }
    auto same_class = [&](int x, int y) {
        return node_classes[static_cast<std::size_t>(x)] ==
               node_classes[static_cast<std::size_t>(y)];
    };
    // {a,b},{c,d} -> {a,c},{b,d}: a trades b for c, b trades a for d, c trades d for a and d
    // trades c for b, so classes are kept when class(b) = class(c) and class(a) = class(d).
    std::vector<EdgeSwap> swaps;
    for (std::size_t i = 0; i < edges.size(); ++i) {
        for (std::size_t j = i + 1; j < edges.size(); ++j) {
            const int a = edges[i][0], b = edges[i][1];
            for (int orientation = 0; orientation < 2; ++orientation) {
                const int c = edges[j][orientation], d = edges[j][1 - orientation];
                if (c == a || c == b || d == a || d == b || graph.has_edge(a, c) ||
                    graph.has_edge(b, d) || !same_class(b, c) || !same_class(a, d)) {
                    continue;
                }
                swaps.push_back({a, b, c, d});
            }
        }
    }
    return swaps;
}

Graph swapped(const Graph& graph, const EdgeSwap& swap) {
    Graph result = graph;
    result.remove_edge(swap.a, swap.b);
    result.remove_edge(swap.c, swap.d);
    result.add_edge(swap.a, swap.c);
    result.add_edge(swap.b, swap.d);
    return result;
}

bool swap_edges(Graph& graph, std::span<const int> node_classes, RandomSource& random) {
    const auto swaps = class_preserving_swaps(graph, node_classes);
    if (swaps.empty()) {
        return false;
    }
    graph = swapped(graph, swaps[random.below(swaps.size())]);
    return true;
}

} // namespace nip::core::gi
