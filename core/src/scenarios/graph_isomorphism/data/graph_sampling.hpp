// Random graphs and random edits of graphs for the dataset generator.
#pragma once

#include <span>
#include <vector>

#include "nip/core/scenarios/graph_isomorphism/weisfeiler_lehman.hpp"
#include "random_source.hpp"

namespace nip::core::gi {

// G(n, p): each pair u < v (u outer, v inner) is an edge with probability p.
Graph erdos_renyi_graph(int num_nodes, double edge_probability, RandomSource& random);

// G(n, m): a uniform random graph with exactly `num_edges` edges.
Graph random_graph_with_edges(int num_nodes, int num_edges, RandomSource& random);

// A uniform random permutation of 0..n-1.
std::vector<int> random_permutation(int num_nodes, RandomSource& random);

// A double-edge swap: edges {a,b}, {c,d} (four distinct nodes) become {a,c}, {b,d}. It
// keeps every degree.
struct EdgeSwap {
    int a, b, c, d;
};

// Every swap whose new edges are absent and where each node that loses a neighbour gains
// one of the same class in `node_classes` (all zeros: no constraint). With the 1-WL
// colours of round k as classes, the colours of round k+1 are unchanged node by node.
std::vector<EdgeSwap> class_preserving_swaps(const Graph& graph, std::span<const int> node_classes);

Graph swapped(const Graph& graph, const EdgeSwap& swap);

// Applies one swap chosen uniformly from class_preserving_swaps; false when there is none.
bool swap_edges(Graph& graph, std::span<const int> node_classes, RandomSource& random);

} // namespace nip::core::gi
