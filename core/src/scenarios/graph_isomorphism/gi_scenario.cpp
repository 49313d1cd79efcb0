#include "nip/core/scenarios/graph_isomorphism/scenario.hpp"

#include <chrono>
#include <sstream>

#include "gi_dataset_params.hpp"
#include "nip/core/errors.hpp"
#include "nip/core/protocols/protocol_factory.hpp"
#include "nip/core/scenarios/graph_isomorphism/agents.hpp"
#include "nip/core/scenarios/graph_isomorphism/dataset.hpp"
#include "nip/core/scenarios/graph_isomorphism/environment.hpp"

namespace nip::core {
namespace {

class GraphIsomorphismScenario final : public sdk::ScenarioInstance {
public:
    GraphIsomorphismScenario(std::unique_ptr<sdk::ProtocolHandler> protocol, GiDataset train,
                             GiDataset test, torch::Device device)
        : protocol_(std::move(protocol)), train_(std::move(train)), test_(std::move(test)),
          device_(device) {}

    std::string name() const override { return "graph_isomorphism"; }
    const sdk::ProtocolHandler& protocol_handler() const override { return *protocol_; }
    std::map<std::string, sdk::AgentParts>& agents() override { return agents_; }
    std::unique_ptr<sdk::Environment> make_environment(sdk::Split split, std::int64_t batch_size,
                                                       std::uint64_t seed) const override {
        return std::make_unique<GiEnvironment>(split == sdk::Split::train ? train_ : test_,
                                               *protocol_, batch_size, seed, device_);
    }

    const GiDataset& train() const { return train_; }

private:
    std::unique_ptr<sdk::ProtocolHandler> protocol_;
    GiDataset train_;
    GiDataset test_;
    torch::Device device_;
    std::map<std::string, sdk::AgentParts> agents_;
};

GiDataset load_split(const sdk::HyperParams& params, sdk::Split split,
                     const ScenarioOptions& options, sdk::Logger& logger) {
    const auto started = std::chrono::steady_clock::now();
    auto cached =
        load_or_generate_gi_dataset(gi_dataset_params(params, split), options.dataset_cache_dir);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::ostringstream line;
    line.precision(2);
    line << (split == sdk::Split::train ? "Train" : "Test")
         << " split: " << cached.data.label.size(0) << " graph pairs "
         << (cached.generated ? "generated" : "loaded") << " in " << std::fixed << seconds
         << " s ('" << cached.directory.string() << "')";
    if (!cached.cache_problem.empty()) {
        logger.warning("The dataset cache was not used: " + cached.cache_problem);
    }
    logger.info(line.str());
    return std::move(cached.data);
}

} // namespace

void check_graph_isomorphism_params(const sdk::HyperParams& params) {
    const auto protocol = make_protocol_handler(params);
    for (const auto& agent_name : protocol->agent_names()) {
        gi_agent_params_from(params, agent_name);
    }
}

std::unique_ptr<sdk::ScenarioInstance>
build_graph_isomorphism_scenario(const sdk::HyperParams& params, std::int32_t trainer_type,
                                 const ScenarioOptions& options, sdk::Logger& logger) {
    auto protocol = make_protocol_handler(params);
    auto train = load_split(params, sdk::Split::train, options, logger);
    auto test = load_split(params, sdk::Split::test, options, logger);
    const auto max_nodes = train.node_mask.size(2);

    auto scenario = std::make_unique<GraphIsomorphismScenario>(
        std::move(protocol), std::move(train), std::move(test), options.device);
    const auto& handler = scenario->protocol_handler();
    const auto num_channels = static_cast<std::int64_t>(handler.message_channel_names().size());
    const auto run_seed = static_cast<std::uint64_t>(params.get_int("seed"));
    for (std::size_t agent = 0; agent < handler.agent_names().size(); ++agent) {
        const auto& agent_name = handler.agent_names()[agent];
        std::vector<std::int64_t> visible;
        for (std::int64_t channel = 0; channel < num_channels; ++channel) {
            if (handler.can_see_channel(agent, static_cast<std::size_t>(channel))) {
                visible.push_back(channel);
            }
        }
        scenario->agents()[agent_name] = build_gi_agent_parts(
            gi_agent_params_from(params, agent_name), trainer_type, max_nodes,
            handler.max_message_rounds(), num_channels, visible, agent_seed(run_seed, agent_name),
            options.device, !handler.is_verifier(agent));
    }
    return scenario;
}

} // namespace nip::core
