#include <algorithm>
#include <bit>
#include <numeric>

#include "colour_refinement.hpp"
#include "nip/core/scenarios/graph_isomorphism/weisfeiler_lehman.hpp"

namespace nip::core {
namespace {

// Extends a partial map from a's nodes (taken in `order`) to b's nodes, keeping colours and
// adjacency with every node mapped so far.
class Matcher {
public:
    Matcher(const Graph& a, const Graph& b, std::span<const int> colours_a,
            std::span<const int> colours_b, std::vector<int> order)
        : a_(a), b_(b), colours_a_(colours_a), colours_b_(colours_b), order_(std::move(order)),
          image_(static_cast<std::size_t>(a.num_nodes()), -1) {}

    bool extend(std::size_t depth) {
        if (depth == order_.size()) {
            return true;
        }
        const int u = order_[depth];
        const std::uint64_t mapped_neighbours = a_.neighbours(u) & mapped_a_;
        for (int v = 0; v < b_.num_nodes(); ++v) {
            if (((used_b_ >> v) & 1U) != 0 ||
                colours_a_[static_cast<std::size_t>(u)] !=
                    colours_b_[static_cast<std::size_t>(v)] ||
                !keeps_adjacency(v, mapped_neighbours)) {
                continue;
            }
            image_[static_cast<std::size_t>(u)] = v;
            mapped_a_ |= std::uint64_t{1} << u;
            used_b_ |= std::uint64_t{1} << v;
            if (extend(depth + 1)) {
                return true;
            }
            mapped_a_ &= ~(std::uint64_t{1} << u);
            used_b_ &= ~(std::uint64_t{1} << v);
        }
        return false;
    }

private:
    // The images of u's mapped neighbours must be exactly v's neighbours among used nodes.
    bool keeps_adjacency(int v, std::uint64_t mapped_neighbours) const {
        std::uint64_t images = 0;
        for (std::uint64_t rest = mapped_neighbours; rest != 0; rest &= rest - 1) {
            images |= std::uint64_t{1} << image_[static_cast<std::size_t>(std::countr_zero(rest))];
        }
        return images == (b_.neighbours(v) & used_b_);
    }

    const Graph& a_;
    const Graph& b_;
    std::span<const int> colours_a_;
    std::span<const int> colours_b_;
    std::vector<int> order_;
    std::vector<int> image_;
    std::uint64_t mapped_a_ = 0;
    std::uint64_t used_b_ = 0;
};

} // namespace

bool are_isomorphic(const Graph& a, const Graph& b) {
    if (a.num_nodes() != b.num_nodes() || a.num_edges() != b.num_edges()) {
        return false;
    }
    gi::JointColourRefinement refinement(a, b);
    bool split = true;
    while (split) {
        split = refinement.refine();
        if (refinement.histograms_differ()) {
            return false;
        }
    }
    const auto colours_a = refinement.colours(0);
    std::vector<int> class_size(static_cast<std::size_t>(refinement.num_colours()), 0);
    for (int colour : colours_a) {
        ++class_size[static_cast<std::size_t>(colour)];
    }
    // Nodes with the fewest candidates first: small colour classes prune the search most.
    std::vector<int> order(static_cast<std::size_t>(a.num_nodes()));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int x, int y) {
        return class_size[static_cast<std::size_t>(colours_a[static_cast<std::size_t>(x)])] <
               class_size[static_cast<std::size_t>(colours_a[static_cast<std::size_t>(y)])];
    });
    Matcher matcher(a, b, colours_a, refinement.colours(1), std::move(order));
    return matcher.extend(0);
}

} // namespace nip::core
