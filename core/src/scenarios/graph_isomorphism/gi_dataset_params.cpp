#include "gi_dataset_params.hpp"

namespace nip::core {

GiDatasetParams gi_dataset_params(const sdk::HyperParams& params, sdk::Split split) {
    GiDatasetParams data;
    const bool train = split == sdk::Split::train;
    data.num_pairs = params.get_int(train ? "dataset.train_size" : "dataset.test_size");
    data.min_nodes = params.get_int("dataset.min_nodes");
    data.max_nodes = params.get_int("dataset.max_nodes");
    data.edge_probabilities = params.get_double_list("dataset.edge_probabilities");
    data.isomorphic_fraction = params.get_double("dataset.isomorphic_fraction");
    data.wl_score_1_fraction = params.get_double("dataset.wl_score_1_fraction");
    data.wl_score_2_fraction = params.get_double("dataset.wl_score_2_fraction");
    data.iso_from_non_iso_pool_fraction =
        params.get_double("dataset.iso_from_non_iso_pool_fraction");
    // The test split is drawn from its own seed, so no test pair is a train pair's copy by
    // construction of the random streams.
    data.seed = static_cast<std::uint64_t>(params.get_int("dataset.seed")) + (train ? 0 : 1);
    return data;
}

} // namespace nip::core
