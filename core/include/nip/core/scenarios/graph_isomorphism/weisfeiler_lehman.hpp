// Small undirected graphs, 1-WL colour refinement and an exact isomorphism test, for the
// graph-isomorphism scenario's data.
//
// WL score (`wl_separation_round`): colour refinement runs on both graphs at once, with
// colours shared between them (a colour names the same signature in either graph).
//   round 0: every node has the same colour, so the two colour histograms differ exactly
//            when the node counts differ;
//   round k: a node's new colour is its previous colour together with the multiset of
//            its neighbours' previous colours (after round 1 the colour is the degree, so
//            round 1 separates graphs with different degree multisets; after round 2 it
//            adds the multiset of neighbour degrees, and so on).
// The score is the first round whose histograms differ. When a round does not split any
// colour class of the two graphs together, no later round can, and 1-WL cannot tell the
// graphs apart: std::nullopt (isomorphic graphs always end this way).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace nip::core {

// An undirected simple graph (no loops, no multi-edges) on at most 64 nodes, one
// neighbour bitmask per node. Node indices out of range throw std::out_of_range.
class Graph {
public:
    static constexpr int max_nodes = 64;

    // Throws std::invalid_argument unless 0 <= num_nodes <= max_nodes.
    explicit Graph(int num_nodes = 0);

    int num_nodes() const noexcept { return num_nodes_; }
    bool has_edge(int u, int v) const;
    // Adding a loop (u == v) throws std::invalid_argument; adding an existing edge is a no-op.
    void add_edge(int u, int v);
    void remove_edge(int u, int v);
    // Bit v is set when v is a neighbour of u.
    std::uint64_t neighbours(int u) const;
    int degree(int u) const;
    int num_edges() const;

    friend bool operator==(const Graph&, const Graph&) = default;

private:
    void check_node(int u) const;

    int num_nodes_ = 0;
    std::vector<std::uint64_t> neighbours_;
};

// The same graph with node v renamed new_index_of[v]; `new_index_of` must be a permutation
// of 0..n-1 (std::invalid_argument otherwise).
Graph permute_nodes(const Graph& graph, std::span<const int> new_index_of);

// The WL score of the pair (see the top of this file); nullopt when 1-WL never separates
// them, or has not by `max_rounds` (only round 0 is checked when max_rounds <= 0).
std::optional<int> wl_separation_round(const Graph& a, const Graph& b, int max_rounds = 100);

// Exact test: backtracking over node maps that keep the stable 1-WL colours. Instant for
// the scenario's graphs (up to a few dozen nodes); highly regular large graphs can take
// exponential time.
bool are_isomorphic(const Graph& a, const Graph& b);

} // namespace nip::core
