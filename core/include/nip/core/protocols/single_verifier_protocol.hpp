// The step rules shared by every protocol with one verifier (nip, adp, debate,
// merlin_arthur, mnip): a decision counts on the verifier's turn from round
// min_message_rounds - 1 on; the game ends on a counted decision or, without one, after
// the last round (terminated). Subclasses say who is active when and how provers are paid.
#pragma once

#include <vector>

#include "nip/core/protocols/reward_rules.hpp"
#include "nip/sdk/protocol.hpp"

namespace nip::core {

class SingleVerifierProtocol : public sdk::ProtocolHandler {
public:
    SingleVerifierProtocol(std::int64_t max_rounds, std::int64_t min_rounds, RewardRules rules);

    std::int64_t max_message_rounds() const override { return max_rounds_; }
    std::int64_t min_message_rounds() const override { return min_rounds_; }
    sdk::StepOutcome step_outcome(const sdk::StepInputs& step) const override;

    // Every protocol here has one agent named "verifier"; the others are provers.
    bool is_verifier(std::size_t agent) const override {
        return agent < agent_names().size() && agent_names()[agent] == "verifier";
    }

protected:
    std::size_t verifier_index() const;
    // Games that end this step without a counted decision: at the last round (the
    // original's default _get_new_terminated_mask).
    virtual torch::Tensor newly_terminated(const torch::Tensor& round,
                                           const torch::Tensor& decided) const;
    // Provers' rewards, given the verifier's counted decisions; `reward` holds the
    // verifier's column already. One prover: paid on accept. Two: the first on reject,
    // the second on accept (the original's default _include_prover_rewards). `shared_reward`
    // is applied by the caller.
    virtual void add_prover_rewards(torch::Tensor& reward, const torch::Tensor& decided,
                                    const torch::Tensor& accepted) const;

    const RewardRules& rules() const { return rules_; }

private:
    std::int64_t max_rounds_;
    std::int64_t min_rounds_;
    RewardRules rules_;
};

} // namespace nip::core
