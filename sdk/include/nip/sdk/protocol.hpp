// The interaction protocol: who speaks when, in which channels, and who sees what.
//
// Rounds count from 0. Each channel carries one message per round; an agent is active
// in a channel at a round when it writes that round's message there. Zero-knowledge
// variants add agents and channels; two-prover protocols add a channel per prover.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nip::sdk {

class ProtocolHandler {
public:
    virtual ~ProtocolHandler() = default;

    virtual std::string name() const = 0;
    virtual const std::vector<std::string>& agent_names() const = 0;
    virtual const std::vector<std::string>& message_channel_names() const = 0;
    virtual std::int64_t max_message_rounds() const = 0;
    virtual std::int64_t min_message_rounds() const = 0;

    // Whether `agent` may read `channel` (indices into the two name lists).
    virtual bool can_see_channel(std::size_t agent, std::size_t channel) const = 0;
    // Whether `agent` writes in `channel` at `round`.
    virtual bool is_active(std::size_t agent, std::int64_t round, std::size_t channel) const = 0;
    // Whether `agent` is a verifier (its decisions end the episode).
    virtual bool is_verifier(std::size_t agent) const = 0;
};

} // namespace nip::sdk
