// 1-WL colour refinement of two graphs at once, with colours shared between them.
#pragma once

#include <span>
#include <vector>

#include "nip/core/scenarios/graph_isomorphism/weisfeiler_lehman.hpp"

namespace nip::core::gi {

class JointColourRefinement {
public:
    // Round 0: every node of both graphs has colour 0.
    JointColourRefinement(const Graph& a, const Graph& b);

    // One round. Colours are the ranks of the sorted signatures (own colour, sorted
    // neighbour colours) over the nodes of both graphs, so a colour means the same in
    // either graph. Returns false when no colour class was split: the colouring is stable.
    bool refine();
    bool histograms_differ() const;
    // The colour of each node of graph `side` (0: a, 1: b).
    std::span<const int> colours(int side) const;
    int num_colours() const { return num_colours_; }

private:
    const Graph* graphs_[2];
    std::vector<int> colours_; // nodes of a, then nodes of b
    int num_colours_ = 1;
    // Scratch space reused across rounds.
    std::vector<int> signatures_;
    std::vector<std::size_t> signature_start_;
    std::vector<int> order_;
    std::vector<int> next_colours_;
};

} // namespace nip::core::gi
