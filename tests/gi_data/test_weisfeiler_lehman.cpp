#define BOOST_TEST_MODULE gi_data
#include <boost/test/unit_test.hpp>

#include <numeric>
#include <random>

#include "nip/core/scenarios/graph_isomorphism/weisfeiler_lehman.hpp"

using nip::core::are_isomorphic;
using nip::core::Graph;
using nip::core::permute_nodes;
using nip::core::wl_separation_round;

namespace {

Graph from_edges(int n, std::initializer_list<std::pair<int, int>> edges) {
    Graph graph(n);
    for (auto [u, v] : edges) {
        graph.add_edge(u, v);
    }
    return graph;
}

Graph cycle(int n) {
    Graph graph(n);
    for (int u = 0; u < n; ++u) {
        graph.add_edge(u, (u + 1) % n);
    }
    return graph;
}

Graph path(int n) {
    Graph graph(n);
    for (int u = 0; u + 1 < n; ++u) {
        graph.add_edge(u, u + 1);
    }
    return graph;
}

// The 4x4 rook's graph and the Shrikhande graph: both strongly regular (16, 6, 2, 2), so
// 1-WL never separates them, yet they are not isomorphic.
Graph rooks_graph() {
    Graph graph(16);
    for (int u = 0; u < 16; ++u) {
        for (int v = u + 1; v < 16; ++v) {
            if (u / 4 == v / 4 || u % 4 == v % 4) {
                graph.add_edge(u, v);
            }
        }
    }
    return graph;
}

Graph shrikhande_graph() {
    Graph graph(16);
    for (int u = 0; u < 16; ++u) {
        for (int v = u + 1; v < 16; ++v) {
            const int dr = (v / 4 - u / 4 + 4) % 4, dc = (v % 4 - u % 4 + 4) % 4;
            const bool adjacent = (dr == 0 && (dc == 1 || dc == 3)) ||
                                  (dc == 0 && (dr == 1 || dr == 3)) || (dr == 1 && dc == 1) ||
                                  (dr == 3 && dc == 3);
            if (adjacent) {
                graph.add_edge(u, v);
            }
        }
    }
    return graph;
}

std::vector<int> shuffled_nodes(int n, std::mt19937& engine) {
    std::vector<int> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), engine);
    return order;
}

} // namespace

BOOST_AUTO_TEST_SUITE(weisfeiler_lehman)

BOOST_AUTO_TEST_CASE(isomorphic_pairs_are_never_separated) {
    std::mt19937 engine(7);
    for (int trial = 0; trial < 600; ++trial) {
        const int n = 1 + trial % 20;
        const double p = 0.1 + 0.2 * (trial % 5);
        std::bernoulli_distribution edge(p);
        Graph graph(n);
        for (int u = 0; u < n; ++u) {
            for (int v = u + 1; v < n; ++v) {
                if (edge(engine)) {
                    graph.add_edge(u, v);
                }
            }
        }
        const Graph permuted = permute_nodes(graph, shuffled_nodes(n, engine));
        BOOST_TEST_CONTEXT("trial " << trial << " with " << n << " nodes") {
            BOOST_TEST(!wl_separation_round(graph, permuted).has_value());
            BOOST_TEST(are_isomorphic(graph, permuted));
        }
    }
}

BOOST_AUTO_TEST_CASE(six_cycle_and_two_triangles_are_not_separated_but_not_isomorphic) {
    const Graph triangles = from_edges(6, {{0, 1}, {1, 2}, {2, 0}, {3, 4}, {4, 5}, {5, 3}});
    BOOST_TEST(!wl_separation_round(cycle(6), triangles).has_value());
    BOOST_TEST(!are_isomorphic(cycle(6), triangles));
}

BOOST_AUTO_TEST_CASE(strongly_regular_twins_need_the_exact_test) {
    std::mt19937 engine(3);
    BOOST_TEST(!wl_separation_round(rooks_graph(), shrikhande_graph()).has_value());
    BOOST_TEST(!are_isomorphic(rooks_graph(), shrikhande_graph()));
    BOOST_TEST(are_isomorphic(shrikhande_graph(),
                              permute_nodes(shrikhande_graph(), shuffled_nodes(16, engine))));
}

BOOST_AUTO_TEST_CASE(different_node_counts_separate_at_round_0) {
    BOOST_TEST(wl_separation_round(path(5), path(6)).value_or(-1) == 0);
}

BOOST_AUTO_TEST_CASE(path_and_star_separate_at_round_1) {
    // Same node and edge counts; degree multisets {1,1,2,2,2} and {1,1,1,1,4}.
    const Graph star = from_edges(5, {{0, 1}, {0, 2}, {0, 3}, {0, 4}});
    BOOST_TEST(wl_separation_round(path(5), star).value_or(-1) == 1);
}

BOOST_AUTO_TEST_CASE(path_and_triangle_beside_a_path_separate_at_round_2) {
    // Both have 6 nodes, 5 edges and degrees {1,1,2,2,2,2}; only round 2 sees that the
    // triangle's nodes have neighbours of degrees {2,2} twice more than the 6-path has.
    const Graph triangle_and_path = from_edges(6, {{0, 1}, {1, 2}, {2, 0}, {3, 4}, {4, 5}});
    BOOST_TEST(wl_separation_round(path(6), triangle_and_path).value_or(-1) == 2);
    BOOST_TEST(!are_isomorphic(path(6), triangle_and_path));
}

BOOST_AUTO_TEST_CASE(max_rounds_bounds_the_refinement) {
    const Graph triangle_and_path = from_edges(6, {{0, 1}, {1, 2}, {2, 0}, {3, 4}, {4, 5}});
    BOOST_TEST(!wl_separation_round(path(6), triangle_and_path, 1).has_value());
}

BOOST_AUTO_TEST_CASE(graph_rejects_loops_bad_nodes_and_bad_permutations) {
    Graph graph(4);
    BOOST_CHECK_THROW(graph.add_edge(2, 2), std::invalid_argument);
    BOOST_CHECK_THROW(graph.add_edge(0, 4), std::out_of_range);
    BOOST_CHECK_THROW(Graph(65), std::invalid_argument);
    const std::vector<int> repeated{0, 1, 1, 3};
    BOOST_CHECK_THROW(permute_nodes(graph, repeated), std::invalid_argument);
    graph.add_edge(0, 3);
    graph.add_edge(3, 0);
    BOOST_TEST(graph.num_edges() == 1);
    BOOST_TEST(graph.degree(3) == 1);
}

BOOST_AUTO_TEST_SUITE_END()
