#include "gi_params.hpp"

#include <boost/json.hpp>

#include "nip/core/errors.hpp"

namespace nip::core {
namespace {

// Bump whenever the generator's output for given parameters changes: old caches then miss.
constexpr std::int64_t format_version = 1;

void require(bool holds, const std::string& key, const std::string& expected,
             const std::string& found) {
    if (!holds) {
        throw UsageError("graph-isomorphism data: parameter '" + key + "' must be " + expected +
                         ", got " + found);
    }
}

void require_fraction(double value, const std::string& key) {
    require(value >= 0.0 && value <= 1.0, key, "between 0 and 1", std::to_string(value));
}

} // namespace

namespace gi {

void validate_params(const GiDatasetParams& params) {
    require(params.num_pairs >= 0, "num_pairs", ">= 0", std::to_string(params.num_pairs));
    require(params.min_nodes >= 4, "min_nodes", ">= 4", std::to_string(params.min_nodes));
    require(params.max_nodes >= params.min_nodes && params.max_nodes <= Graph::max_nodes,
            "max_nodes", "between min_nodes and " + std::to_string(Graph::max_nodes),
            std::to_string(params.max_nodes));
    require(!params.edge_probabilities.empty(), "edge_probabilities", "a non-empty list",
            "an empty list");
    for (double p : params.edge_probabilities) {
        require(p > 0.0 && p < 1.0, "edge_probabilities", "strictly between 0 and 1",
                std::to_string(p));
    }
    require_fraction(params.isomorphic_fraction, "isomorphic_fraction");
    require_fraction(params.wl_score_1_fraction, "wl_score_1_fraction");
    require_fraction(params.wl_score_2_fraction, "wl_score_2_fraction");
    require(params.wl_score_1_fraction + params.wl_score_2_fraction <= 1.0,
            "wl_score_1_fraction + wl_score_2_fraction", "at most 1",
            std::to_string(params.wl_score_1_fraction + params.wl_score_2_fraction));
    require_fraction(params.iso_from_non_iso_pool_fraction, "iso_from_non_iso_pool_fraction");
}

} // namespace gi

std::string gi_params_canonical_json(const GiDatasetParams& params) {
    boost::json::array probabilities;
    for (double p : params.edge_probabilities) {
        probabilities.emplace_back(p);
    }
    // Keys inserted in sorted order; boost::json::object keeps insertion order.
    boost::json::object object;
    object["edge_probabilities"] = std::move(probabilities);
    object["format_version"] = format_version;
    object["iso_from_non_iso_pool_fraction"] = params.iso_from_non_iso_pool_fraction;
    object["isomorphic_fraction"] = params.isomorphic_fraction;
    object["max_nodes"] = params.max_nodes;
    object["min_nodes"] = params.min_nodes;
    object["num_pairs"] = params.num_pairs;
    object["seed"] = params.seed;
    object["wl_score_1_fraction"] = params.wl_score_1_fraction;
    object["wl_score_2_fraction"] = params.wl_score_2_fraction;
    return boost::json::serialize(object);
}

} // namespace nip::core
