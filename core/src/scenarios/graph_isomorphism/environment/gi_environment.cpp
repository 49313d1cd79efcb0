#include "nip/core/scenarios/graph_isomorphism/environment.hpp"

#include <stdexcept>

#include "epoch_sampler.hpp"
#include "game_seeds.hpp"
#include "tensor_checks.hpp"

namespace nip::core {

namespace {

const std::string sampler_prefix = "sampler.";
const std::string game_seeds_prefix = "game_seeds.";

// A copy even where the tensor already lives on `device`, so saved and restored states
// never share storage with the games in play.
torch::Tensor copy_to(const torch::Tensor& tensor, torch::Device device) {
    return tensor.to(torch::TensorOptions().device(device), /*non_blocking=*/false,
                     /*copy=*/true);
}

// "game 3, agent 1 (verifier), channel 0": the first entry of `bad` (B, A[, C]) that is true.
std::string first_bad_entry(const torch::Tensor& bad, const sdk::ProtocolHandler& protocol) {
    const auto where = bad.nonzero().select(0, 0).to(torch::kCPU);
    const auto agent = static_cast<std::size_t>(where[1].item<std::int64_t>());
    std::string text = "game " + std::to_string(where[0].item<std::int64_t>()) + ", agent " +
                       std::to_string(agent) + " (" + protocol.agent_names().at(agent) + ")";
    if (where.size(0) > 2) {
        text += ", channel " + std::to_string(where[2].item<std::int64_t>());
    }
    return text;
}

} // namespace

GiEnvironment::GiEnvironment(const GiDataset& data, const sdk::ProtocolHandler& protocol,
                             std::int64_t batch_size, std::uint64_t seed, torch::Device device)
    : protocol_(protocol), device_(device), batch_size_(batch_size),
      num_agents_(static_cast<std::int64_t>(protocol.agent_names().size())),
      num_channels_(static_cast<std::int64_t>(protocol.message_channel_names().size())),
      max_rounds_(protocol.max_message_rounds()) {
    const std::string where = "GiEnvironment";
    if (batch_size < 1) {
        throw std::invalid_argument(where + ": batch size is " + std::to_string(batch_size) +
                                    "; give at least 1");
    }
    if (num_agents_ < 1 || num_channels_ < 1 || max_rounds_ < 1) {
        throw std::invalid_argument(
            where + ": protocol \"" + protocol.name() + "\" has " + std::to_string(num_agents_) +
            " agents, " + std::to_string(num_channels_) + " channels and " +
            std::to_string(max_rounds_) + " rounds; each must be at least 1");
    }
    if (!data.adjacency.defined() || data.adjacency.dim() != 4 || data.adjacency.size(0) < 1) {
        throw std::invalid_argument(where + ": the dataset's adjacency is not a non-empty "
                                            "(pairs, 2, N, N) tensor; generate the dataset first");
    }
    dataset_size_ = data.adjacency.size(0);
    max_nodes_ = data.adjacency.size(2);
    check_tensor(data.adjacency, where, "adjacency", {dataset_size_, 2, max_nodes_, max_nodes_},
                 torch::kBool);
    check_tensor(data.node_mask, where, "node_mask", {dataset_size_, 2, max_nodes_}, torch::kBool);
    check_tensor(data.label, where, "label", {dataset_size_}, torch::kInt64);

    adjacency_ = data.adjacency.to(device_, torch::kFloat32);
    node_mask_ = data.node_mask.to(device_);
    label_ = data.label.to(device_);
    sampler_ = std::make_unique<EpochSampler>(dataset_size_, seed);
    game_seeds_ = std::make_unique<GameSeeds>(seed);
}

GiEnvironment::~GiEnvironment() = default;

sdk::TensorMap GiEnvironment::reset() {
    datapoint_ = sampler_->draw(batch_size_).to(device_);
    game_seed_ = game_seeds_->draw(batch_size_).to(device_);
    round_ =
        torch::zeros({batch_size_}, torch::TensorOptions().dtype(torch::kInt64).device(device_));
    message_history_ = torch::zeros({batch_size_, max_rounds_, num_channels_, message_space_size()},
                                    torch::TensorOptions().dtype(torch::kFloat32).device(device_));
    return observation();
}

sdk::TensorMap GiEnvironment::observation() const {
    require_games("observation()");
    // Copies throughout, so a caller that edits its observation in place cannot reach the
    // games in play.
    auto node_mask = node_mask_.index_select(0, datapoint_);
    // A message names a node of graph A (index i) or B (N + i): the mask in that order.
    auto message_mask = node_mask.flatten(1);
    // The most recent round's messages (the history's row of the round before this one),
    // the original's "message" observation; zeros in round 0.
    const auto previous_round = (round_ - 1)
                                    .clamp_min(0)
                                    .view({batch_size_, 1, 1, 1})
                                    .expand({batch_size_, 1, num_channels_, message_space_size()});
    auto message = message_history_.gather(1, previous_round).squeeze(1) *
                   (round_ > 0).view({batch_size_, 1, 1}).to(torch::kFloat32);
    return {{"adjacency", adjacency_.index_select(0, datapoint_)},
            {"node_mask", std::move(node_mask)},
            {"message_mask", std::move(message_mask)},
            {"message_history", message_history_.clone()},
            {"message", std::move(message)},
            {"round", round_.clone()},
            {"game_seed", game_seed_.clone()}};
}

void GiEnvironment::require_games(const char* operation) const {
    if (!datapoint_.defined()) {
        throw std::logic_error(std::string("GiEnvironment::") + operation +
                               ": no game is in play; call reset() first");
    }
}

void GiEnvironment::check_actions(const sdk::TensorMap& actions,
                                  const torch::Tensor& active) const {
    const std::string where = "GiEnvironment::step: actions";
    const auto messages = checked_entry(actions, where, "message",
                                        {batch_size_, num_agents_, num_channels_}, torch::kInt64)
                              .to(device_);
    const auto decisions =
        checked_entry(actions, where, "decision", {batch_size_, num_agents_}, torch::kInt64)
            .to(device_);
    if (const auto found = actions.find("message_logits"); found != actions.end()) {
        check_tensor(found->second, where, "message_logits",
                     {batch_size_, num_agents_, num_channels_, message_space_size()},
                     torch::kFloat32);
    }
    if (const auto found = actions.find("decision_logits"); found != actions.end()) {
        check_tensor(found->second, where, "decision_logits", {batch_size_, num_agents_, 3},
                     torch::kFloat32);
    }
    // Inactive entries are ignored, so only active ones must be in range.
    const auto bad_messages = active & ((messages < 0) | (messages >= message_space_size()));
    if (bad_messages.any().item<bool>()) {
        throw std::invalid_argument(where + ": \"message\" is out of range at " +
                                    first_bad_entry(bad_messages, protocol_) + "; expected 0.." +
                                    std::to_string(message_space_size() - 1));
    }
    const auto bad_decisions =
        active.any(-1) & ((decisions < sdk::reject) | (decisions > sdk::continue_game));
    if (bad_decisions.any().item<bool>()) {
        throw std::invalid_argument(where + ": \"decision\" is out of range at " +
                                    first_bad_entry(bad_decisions, protocol_) +
                                    "; expected 0 (reject), 1 (accept) or 2 (continue)");
    }
}

sdk::EnvironmentStep GiEnvironment::step(const sdk::TensorMap& actions) {
    require_games("step()");
    const auto& game_seed = game_seed_;
    const auto active = protocol_.active_mask(round_, game_seed); // (B, A, C)
    check_actions(actions, active);

    // Each channel's message this round: the node its active agent named.
    const auto messages = actions.at("message").to(device_);
    const auto nodes = torch::arange(message_space_size(), round_.options());
    const auto written = (messages.unsqueeze(-1) == nodes) & active.unsqueeze(-1); // (B,A,C,M)
    const auto channel_message = written.any(1);                                   // (B, C, M)
    const auto this_round = torch::arange(max_rounds_, round_.options()) == round_.unsqueeze(1);
    message_history_.masked_fill_(
        this_round.view({batch_size_, max_rounds_, 1, 1}) & channel_message.unsqueeze(1), 1.0F);

    sdk::StepInputs inputs;
    inputs.round = round_;
    inputs.decision = actions.at("decision").to(device_);
    inputs.label = label_.index_select(0, datapoint_);
    inputs.game_seed = game_seed;
    if (const auto found = actions.find("message_logits"); found != actions.end()) {
        inputs.message_logits = found->second.to(device_);
    }
    if (const auto found = actions.find("decision_logits"); found != actions.end()) {
        inputs.decision_logits = found->second.to(device_);
    }
    const auto outcome = protocol_.step_outcome(inputs);

    sdk::EnvironmentStep result;
    result.reward = outcome.reward;
    result.done = outcome.done;
    result.terminated = outcome.terminated;
    result.decided = outcome.decided;
    result.accepted = outcome.accepted;
    result.label = inputs.label;
    result.datapoint = datapoint_.clone();
    result.length = round_ + 1;

    // Games that go on move to the next round; finished ones restart in place on the
    // next datapoints of the sampler, in slot order.
    const auto done = outcome.done.to(device_, torch::kBool);
    round_ = torch::where(done, torch::zeros_like(round_), round_ + 1);
    message_history_.masked_fill_(done.view({batch_size_, 1, 1, 1}), 0.0F);
    const auto finished = done.sum().item<std::int64_t>();
    if (finished > 0) {
        datapoint_ = datapoint_.masked_scatter(done, sampler_->draw(finished).to(device_));
        game_seed_ = game_seed_.masked_scatter(done, game_seeds_->draw(finished).to(device_));
    }
    result.next_observation = observation();
    return result;
}

sdk::StateBlob GiEnvironment::state() const {
    sdk::StateBlob blob;
    sampler_->save(blob, sampler_prefix);
    game_seeds_->save(blob, game_seeds_prefix);
    if (datapoint_.defined()) {
        blob.tensors["game_seed"] = copy_to(game_seed_, torch::kCPU);
        blob.tensors["datapoint"] = copy_to(datapoint_, torch::kCPU);
        blob.tensors["round"] = copy_to(round_, torch::kCPU);
        blob.tensors["message_history"] = copy_to(message_history_, torch::kCPU);
    }
    return blob;
}

void GiEnvironment::load_state(const sdk::StateBlob& state) {
    const std::string where =
        "GiEnvironment::load_state: the state does not fit this environment (batch size " +
        std::to_string(batch_size_) + ", " + std::to_string(dataset_size_) + " datapoints, " +
        std::to_string(max_rounds_) + " rounds, " + std::to_string(num_channels_) + " channels, " +
        std::to_string(message_space_size()) + " messages)";
    const bool has_games = state.tensors.count("datapoint") + state.tensors.count("round") +
                               state.tensors.count("message_history") >
                           0;
    torch::Tensor datapoint;
    torch::Tensor round;
    torch::Tensor message_history;
    torch::Tensor game_seed;
    if (has_games) {
        datapoint = checked_entry(state.tensors, where, "datapoint", {batch_size_}, torch::kInt64);
        round = checked_entry(state.tensors, where, "round", {batch_size_}, torch::kInt64);
        message_history = checked_entry(
            state.tensors, where, "message_history",
            {batch_size_, max_rounds_, num_channels_, message_space_size()}, torch::kFloat32);
        if ((datapoint < 0).logical_or(datapoint >= dataset_size_).any().item<bool>()) {
            throw std::invalid_argument(where + ": \"datapoint\" holds an index outside 0.." +
                                        std::to_string(dataset_size_ - 1));
        }
        if ((round < 0).logical_or(round >= max_rounds_).any().item<bool>()) {
            throw std::invalid_argument(where + ": \"round\" holds a round outside 0.." +
                                        std::to_string(max_rounds_ - 1));
        }
        // A state saved before games had seeds has none: its games draw new ones (only
        // merlin_arthur reads them, which such a build did not have).
        if (state.tensors.count("game_seed") != 0) {
            game_seed =
                checked_entry(state.tensors, where, "game_seed", {batch_size_}, torch::kInt64);
            if ((game_seed < 0).logical_or(game_seed >= GameSeeds::bound).any().item<bool>()) {
                throw std::invalid_argument(where + ": \"game_seed\" holds a seed outside 0.." +
                                            std::to_string(GameSeeds::bound - 1));
            }
        }
    }
    const auto seeds_state = game_seeds_->saved_state(state, game_seeds_prefix, where);
    // Checked before anything changes, so a refused state leaves the environment intact.
    sampler_->load(state, sampler_prefix, where);
    if (seeds_state) {
        game_seeds_->restore(*seeds_state);
    }
    if (has_games) {
        game_seed_ = game_seed.defined() ? copy_to(game_seed, device_)
                                         : game_seeds_->draw(batch_size_).to(device_);
        datapoint_ = copy_to(datapoint, device_);
        round_ = copy_to(round, device_);
        message_history_ = copy_to(message_history, device_);
    } else {
        datapoint_ = torch::Tensor();
        game_seed_ = torch::Tensor();
        round_ = torch::Tensor();
        message_history_ = torch::Tensor();
    }
}

} // namespace nip::core
