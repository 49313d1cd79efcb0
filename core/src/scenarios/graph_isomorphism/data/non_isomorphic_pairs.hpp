// Non-isomorphic pairs with equal node and edge counts, aimed at a WL-score bucket.
#pragma once

#include "nip/core/scenarios/graph_isomorphism/weisfeiler_lehman.hpp"
#include "random_source.hpp"

namespace nip::core::gi {

enum class ScoreBucket { score_1, score_2, score_3_or_more };

struct NonIsomorphicPair {
    Graph first;
    Graph second;
    int wl_score = -1; // -1: 1-WL never separates them (they are still not isomorphic)
    bool in_target_bucket = false;
};

// Retries with fresh base graphs until a pair lands in `target`; after a bounded number of
// attempts returns the pair whose score was closest. Throws UsageError when no
// non-isomorphic pair at all turns up (edge probability too close to 0 or 1 for the size).
NonIsomorphicPair find_non_isomorphic_pair(int num_nodes, double edge_probability,
                                           ScoreBucket target, RandomSource& random);

} // namespace nip::core::gi
