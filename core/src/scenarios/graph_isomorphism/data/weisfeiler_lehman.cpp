#include "nip/core/scenarios/graph_isomorphism/weisfeiler_lehman.hpp"
#include "colour_refinement.hpp"

namespace nip::core {

std::optional<int> wl_separation_round(const Graph& a, const Graph& b, int max_rounds) {
    if (a.num_nodes() != b.num_nodes()) {
        return 0;
    }
    gi::JointColourRefinement refinement(a, b);
    for (int round = 1; round <= max_rounds; ++round) {
        const bool split = refinement.refine();
        if (refinement.histograms_differ()) {
            return round;
        }
        if (!split) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

} // namespace nip::core
