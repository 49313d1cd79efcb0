#include "colour_refinement.hpp"

#include <algorithm>
#include <bit>

namespace nip::core::gi {

JointColourRefinement::JointColourRefinement(const Graph& a, const Graph& b) : graphs_{&a, &b} {
    const std::size_t total = static_cast<std::size_t>(a.num_nodes() + b.num_nodes());
    colours_.assign(total, 0);
    num_colours_ = total == 0 ? 0 : 1;
    order_.resize(total);
    next_colours_.resize(total);
    signature_start_.resize(total + 1);
}

bool JointColourRefinement::refine() {
    // Flat signatures: node i's is signatures_[signature_start_[i] .. signature_start_[i+1]).
    signatures_.clear();
    std::size_t node = 0;
    for (int side = 0; side < 2; ++side) {
        const Graph* graph = graphs_[side];
        const int offset = side == 0 ? 0 : graphs_[0]->num_nodes();
        for (int u = 0; u < graph->num_nodes(); ++u, ++node) {
            signature_start_[node] = signatures_.size();
            signatures_.push_back(colours_[node]);
            const std::size_t first_neighbour = signatures_.size();
            for (std::uint64_t rest = graph->neighbours(u); rest != 0; rest &= rest - 1) {
                const int v = std::countr_zero(rest);
                signatures_.push_back(colours_[static_cast<std::size_t>(offset + v)]);
            }
            std::sort(signatures_.begin() + static_cast<std::ptrdiff_t>(first_neighbour),
                      signatures_.end());
        }
    }
    signature_start_[node] = signatures_.size();

    auto signature = [this](int i) {
        const auto index = static_cast<std::size_t>(i);
        return std::span<const int>(signatures_.data() + signature_start_[index],
                                    signature_start_[index + 1] - signature_start_[index]);
    };
    auto less = [&](int x, int y) {
        auto sx = signature(x);
        auto sy = signature(y);
        return std::lexicographical_compare(sx.begin(), sx.end(), sy.begin(), sy.end());
    };
    for (std::size_t i = 0; i < order_.size(); ++i) {
        order_[i] = static_cast<int>(i);
    }
    std::sort(order_.begin(), order_.end(), less);

    int colour = -1;
    for (std::size_t i = 0; i < order_.size(); ++i) {
        if (i == 0 || less(order_[i - 1], order_[i])) {
            ++colour;
        }
        next_colours_[static_cast<std::size_t>(order_[i])] = colour;
    }
    const int previous = num_colours_;
    num_colours_ = colour + 1;
    colours_.swap(next_colours_);
    // Signatures start with the old colour, so the new partition refines the old one and
    // an equal class count means nothing was split.
    return num_colours_ > previous;
}

bool JointColourRefinement::histograms_differ() const {
    if (graphs_[0]->num_nodes() != graphs_[1]->num_nodes()) {
        return true;
    }
    std::vector<int> balance(static_cast<std::size_t>(num_colours_), 0);
    const std::size_t n = static_cast<std::size_t>(graphs_[0]->num_nodes());
    for (std::size_t i = 0; i < n; ++i) {
        ++balance[static_cast<std::size_t>(colours_[i])];
        --balance[static_cast<std::size_t>(colours_[n + i])];
    }
    return std::any_of(balance.begin(), balance.end(), [](int count) { return count != 0; });
}

std::span<const int> JointColourRefinement::colours(int side) const {
    const std::size_t n_a = static_cast<std::size_t>(graphs_[0]->num_nodes());
    return side == 0 ? std::span<const int>(colours_.data(), n_a)
                     : std::span<const int>(colours_.data() + n_a, colours_.size() - n_a);
}

} // namespace nip::core::gi
