// The Abstract Decision Problem protocol (Anil et al. 2021): `nip` cut to exactly two
// rounds, the prover first: the prover's message at round 0, the verifier's decision at
// round 1 (the original's AdpProtocol: a NipProtocol with 2 rounds, min 1, prover first).
#pragma once

#include "nip/core/protocols/nip_protocol.hpp"

namespace nip::core {

class AdpProtocol final : public NipProtocol {
public:
    static constexpr std::int64_t rounds = 2;
    static constexpr std::int64_t min_rounds = 1;

    explicit AdpProtocol(RewardRules rules = {})
        : NipProtocol(rounds, min_rounds, /*verifier_first=*/false, rules) {}

    std::string name() const override { return "adp"; }
};

} // namespace nip::core
