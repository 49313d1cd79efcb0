// The batched graph-isomorphism environment: B games of a protocol, each on a pair of
// graphs from a GiDataset, played in lock step with tensor operations on one device.
//
// Observations (first dimension B, all on the device):
//   "adjacency"       (B, 2, N, N) float32: both graphs' adjacency matrices (0/1)
//   "node_mask"       (B, 2, N) bool: the graphs' real nodes (the rest is padding)
//   "message_mask"    (B, 2N) bool: the same, flattened in message order (valid messages)
//   "message_history" (B, R, C, 2N) float32: one-hot of the node sent in each past round and
//                     channel; rows of rounds not yet played are zero
//   "message"         (B, C, 2N) float32: the last round's row of the history (the most
//                     recent message on each channel); zero in round 0
//   "round"           (B) int64: the round about to be played (0 in a fresh game)
//   "game_seed"       (B) int64: drawn afresh for each game, in [0, 2^16) (random turns)
// R = protocol.max_message_rounds(), C = its channel count, N = the dataset's max nodes.
// A message is a node: index i < N is node i of graph A, N + i node i of graph B.
//
// Datapoints are drawn epoch by epoch from random permutations of the dataset, driven by a
// CPU generator seeded with `seed`: two environments with one seed play the same games.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <torch/types.h>

#include "nip/core/scenarios/graph_isomorphism/dataset.hpp"
#include "nip/sdk/environment.hpp"
#include "nip/sdk/protocol.hpp"

namespace nip::core {

class EpochSampler;
class GameSeeds;

class GiEnvironment final : public sdk::Environment {
public:
    // The dataset's tensors are copied to `device` once; `protocol` must outlive the
    // environment. No game is in play until reset(). Throws std::invalid_argument for a
    // batch size below 1, an empty dataset or inconsistent dataset tensors.
    GiEnvironment(const GiDataset& data, const sdk::ProtocolHandler& protocol,
                  std::int64_t batch_size, std::uint64_t seed, torch::Device device);
    ~GiEnvironment() override;

    std::int64_t batch_size() const override { return batch_size_; }
    std::int64_t message_space_size() const override { return 2 * max_nodes_; }
    std::vector<std::string> feature_keys() const override {
        return {"message_history", "message"};
    }
    std::int64_t dataset_size() const override { return dataset_size_; }

    sdk::TensorMap reset() override;
    // Throws std::invalid_argument naming the key when an action tensor has the wrong shape
    // or dtype, or an active agent's message or decision is out of range; std::logic_error
    // before the first reset().
    sdk::EnvironmentStep step(const sdk::TensorMap& actions) override;

    // The observation of the games in play: what reset() or the last step() returned, and
    // what a trainer resuming after load_state() continues from. Throws std::logic_error
    // before the first reset() (or after loading a state saved before one).
    sdk::TensorMap observation() const override;

    // Tensors (on the CPU): the sampler's generator state, permutation and position, and the
    // games in flight ("datapoint", "round", "message_history") once reset() has run.
    sdk::StateBlob state() const override;
    // Throws std::invalid_argument naming the key when the state does not fit this
    // environment (another batch size, dataset size, protocol or message space).
    void load_state(const sdk::StateBlob& state) override;

private:
    void require_games(const char* operation) const;
    void check_actions(const sdk::TensorMap& actions, const torch::Tensor& active) const;

    const sdk::ProtocolHandler& protocol_;
    torch::Device device_;
    std::int64_t batch_size_;
    std::int64_t dataset_size_;
    std::int64_t max_nodes_;
    std::int64_t num_agents_;
    std::int64_t num_channels_;
    std::int64_t max_rounds_;

    // The dataset, on the device.
    torch::Tensor adjacency_; // (P, 2, N, N) float32
    torch::Tensor node_mask_; // (P, 2, N) bool
    torch::Tensor label_;     // (P) int64

    std::unique_ptr<EpochSampler> sampler_;
    std::unique_ptr<GameSeeds> game_seeds_;

    // The games in flight, on the device; undefined until reset().
    torch::Tensor datapoint_;       // (B) int64
    torch::Tensor round_;           // (B) int64
    torch::Tensor message_history_; // (B, R, C, 2N) float32
    torch::Tensor game_seed_;       // (B) int64
};

} // namespace nip::core
