// Pieces of one run that the orchestration assembles.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "nip/core/hyper_params.hpp"
#include "nip/core/jsonl_metrics.hpp"
#include "nip/core/plugin_registry.hpp"
#include "nip/sdk/log.hpp"

namespace nip::core {

// The run's hyper-parameters: core's defaults and the plugin's, with both schemas.
HyperParamsDocument make_hyper_params(const PluginInfo& plugin);

// Writes into the document the rounds that the chosen protocol fixes (adp, merlin_arthur,
// solo_verifier), where no config or --set gave them, so that the run's recorded
// hyper-parameters say what it plays; a config or --set asking for other rounds is
// refused by the protocol (make_protocol_handler).
void apply_protocol_rounds(HyperParamsDocument& params);

// The `agents.<name>.*` keys a config or --set gave a value for an agent the chosen
// protocol does not have (e.g. agents.prover.* under debate, whose provers are prover0
// and prover1): such settings have no effect, which a run says in a warning.
std::vector<std::string> unused_agent_settings(const HyperParamsDocument& params,
                                               const std::vector<std::string>& protocol_agents);

// Forwards scalars to the run's metrics file (none in a test run) and remembers the last
// value of each, for the end-of-run summary.
class RecordingMetrics final : public sdk::MetricsSink {
public:
    explicit RecordingMetrics(std::optional<std::filesystem::path> file);
    void log_scalars(std::int64_t iteration, const sdk::Scalars& scalars) override;
    void drop_from(std::int64_t iteration);
    // "name=value, ..." of the last test_* scalars logged (the test phase's results).
    std::string summary() const;

private:
    std::unique_ptr<JsonlMetrics> file_;
    mutable std::mutex mutex_;
    std::map<std::string, double> last_;
};

} // namespace nip::core
