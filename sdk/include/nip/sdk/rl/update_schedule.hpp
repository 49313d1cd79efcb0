// Which agents learn in which iteration. Freezing one agent while the other adapts is
// how the original steadies two-player training.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace nip::sdk::rl {

class UpdateSchedule {
public:
    // Every agent, every iteration.
    static UpdateSchedule constant() { return UpdateSchedule(0, 0); }
    // Periods of `period` iterations: the first agent learns in the first
    // `first_agent_iterations` of each, the others in the rest.
    static UpdateSchedule alternating_periodic(std::int64_t period,
                                               std::int64_t first_agent_iterations) {
        if (period < 2 || first_agent_iterations < 1 || first_agent_iterations >= period) {
            throw std::invalid_argument(
                "alternating periodic schedule: need period >= 2 and 1 <= first-agent "
                "iterations < period, got period " +
                std::to_string(period) + " and " + std::to_string(first_agent_iterations));
        }
        return UpdateSchedule(period, first_agent_iterations);
    }

    bool updates(bool is_first_agent, std::int64_t iteration) const {
        if (period_ == 0) {
            return true;
        }
        const bool first_agents_turn = iteration % period_ < first_agent_iterations_;
        return is_first_agent == first_agents_turn;
    }

private:
    UpdateSchedule(std::int64_t period, std::int64_t first_agent_iterations)
        : period_(period), first_agent_iterations_(first_agent_iterations) {}
    std::int64_t period_;
    std::int64_t first_agent_iterations_;
};

} // namespace nip::sdk::rl
