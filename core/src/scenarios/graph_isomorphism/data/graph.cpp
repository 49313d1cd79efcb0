#include <bit>
#include <stdexcept>
#include <string>

#include "nip/core/scenarios/graph_isomorphism/weisfeiler_lehman.hpp"

namespace nip::core {

Graph::Graph(int num_nodes) : num_nodes_(num_nodes) {
    if (num_nodes < 0 || num_nodes > max_nodes) {
        throw std::invalid_argument("Graph: " + std::to_string(num_nodes) +
                                    " nodes requested; a Graph holds 0 to " +
                                    std::to_string(max_nodes) + " nodes");
    }
    neighbours_.assign(static_cast<std::size_t>(num_nodes), 0);
}

void Graph::check_node(int u) const {
    if (u < 0 || u >= num_nodes_) {
        throw std::out_of_range("Graph: node " + std::to_string(u) + " is not in 0.." +
                                std::to_string(num_nodes_ - 1));
    }
}

bool Graph::has_edge(int u, int v) const {
    check_node(u);
    check_node(v);
    return ((neighbours_[static_cast<std::size_t>(u)] >> v) & 1U) != 0;
}

void Graph::add_edge(int u, int v) {
    check_node(u);
    check_node(v);
    if (u == v) {
        throw std::invalid_argument("Graph: loop on node " + std::to_string(u) +
                                    " requested; graphs here are simple");
    }
    neighbours_[static_cast<std::size_t>(u)] |= std::uint64_t{1} << v;
    neighbours_[static_cast<std::size_t>(v)] |= std::uint64_t{1} << u;
}

void Graph::remove_edge(int u, int v) {
    check_node(u);
    check_node(v);
    neighbours_[static_cast<std::size_t>(u)] &= ~(std::uint64_t{1} << v);
    neighbours_[static_cast<std::size_t>(v)] &= ~(std::uint64_t{1} << u);
}

std::uint64_t Graph::neighbours(int u) const {
    check_node(u);
    return neighbours_[static_cast<std::size_t>(u)];
}

int Graph::degree(int u) const {
    return std::popcount(neighbours(u));
}

int Graph::num_edges() const {
    int twice = 0;
    for (std::uint64_t row : neighbours_) {
        twice += std::popcount(row);
    }
    return twice / 2;
}

Graph permute_nodes(const Graph& graph, std::span<const int> new_index_of) {
    const int n = graph.num_nodes();
    std::uint64_t seen = 0;
    bool valid = static_cast<int>(new_index_of.size()) == n;
    for (int target : new_index_of) {
        valid = valid && target >= 0 && target < n && ((seen >> target) & 1U) == 0;
        if (valid) {
            seen |= std::uint64_t{1} << target;
        }
    }
    if (!valid) {
        throw std::invalid_argument("permute_nodes: the new indices are not a permutation of 0.." +
                                    std::to_string(n - 1));
    }
    Graph permuted(n);
    for (int u = 0; u < n; ++u) {
        for (int v = u + 1; v < n; ++v) {
            if (graph.has_edge(u, v)) {
                permuted.add_edge(new_index_of[static_cast<std::size_t>(u)],
                                  new_index_of[static_cast<std::size_t>(v)]);
            }
        }
    }
    return permuted;
}

} // namespace nip::core
