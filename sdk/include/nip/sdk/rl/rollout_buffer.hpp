// Time-major storage for one rollout: num_steps steps of num_envs environments, each step
// a set of named tensors (observations, actions, log-probabilities, rewards, flags...).
#pragma once

#include <cstdint>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <torch/types.h>

namespace nip::sdk::rl {

class RolloutBuffer {
public:
    RolloutBuffer(std::int64_t num_steps, std::int64_t num_envs)
        : num_steps_(num_steps), num_envs_(num_envs) {
        if (num_steps <= 0 || num_envs <= 0) {
            throw std::invalid_argument("RolloutBuffer: num_steps and num_envs must be "
                                        "positive, got " +
                                        std::to_string(num_steps) + " and " +
                                        std::to_string(num_envs));
        }
    }

    // One time step: every entry shaped (num_envs, ...). The first step fixes the keys
    // and each key's shape; later steps must match them. Tensors are stored detached: a
    // rollout holds data, never the autograd graph that produced it.
    void add(std::map<std::string, torch::Tensor> step) {
        if (full()) {
            throw std::logic_error("RolloutBuffer: already holds its " +
                                   std::to_string(num_steps_) + " steps; clear() it first");
        }
        for (const auto& [key, tensor] : step) {
            if (tensor.dim() < 1 || tensor.size(0) != num_envs_) {
                std::ostringstream message;
                message << "RolloutBuffer: '" << key << "' is shaped " << tensor.sizes()
                        << "; each step needs (num_envs = " << num_envs_ << ", ...)";
                throw std::invalid_argument(message.str());
            }
        }
        if (!steps_.empty()) {
            expect_like_first_step(step);
        }
        for (auto& [key, tensor] : step) {
            tensor = tensor.detach();
        }
        steps_.push_back(std::move(step));
    }

    // (T, num_envs, ...) with T the number of steps added so far.
    torch::Tensor stacked(const std::string& key) const {
        if (steps_.empty()) {
            throw std::logic_error("RolloutBuffer: no step added yet, so no '" + key + "'");
        }
        std::vector<torch::Tensor> per_step;
        per_step.reserve(steps_.size());
        for (const auto& step : steps_) {
            const auto found = step.find(key);
            if (found == step.end()) {
                throw std::invalid_argument("RolloutBuffer: no entry '" + key +
                                            "'; the steps hold " + key_list(steps_.front()));
            }
            per_step.push_back(found->second);
        }
        return torch::stack(per_step);
    }

    // (T * num_envs, ...): time and environments merged, ready for minibatching.
    torch::Tensor flat(const std::string& key) const { return stacked(key).flatten(0, 1); }

    void clear() { steps_.clear(); }
    bool full() const { return size() == num_steps_; }
    std::int64_t size() const { return static_cast<std::int64_t>(steps_.size()); }
    std::int64_t num_steps() const { return num_steps_; }
    std::int64_t num_envs() const { return num_envs_; }

private:
    static std::string key_list(const std::map<std::string, torch::Tensor>& step) {
        std::string keys;
        for (const auto& entry : step) {
            keys += (keys.empty() ? "" : ", ") + entry.first;
        }
        return keys.empty() ? "nothing" : keys;
    }

    // Caught here, a missing or misshapen entry names its step; caught by torch::stack
    // later, it would name nothing.
    void expect_like_first_step(const std::map<std::string, torch::Tensor>& step) const {
        const auto& first = steps_.front();
        bool same_keys = step.size() == first.size();
        for (const auto& [key, tensor] : step) {
            const auto found = first.find(key);
            if (found == first.end()) {
                same_keys = false;
                break;
            }
            if (tensor.sizes() != found->second.sizes()) {
                std::ostringstream message;
                message << "RolloutBuffer: '" << key << "' of step " << size() << " is shaped "
                        << tensor.sizes() << " but step 0 had " << found->second.sizes();
                throw std::invalid_argument(message.str());
            }
        }
        if (!same_keys) {
            throw std::invalid_argument("RolloutBuffer: step " + std::to_string(size()) +
                                        " holds " + key_list(step) + " but step 0 held " +
                                        key_list(first) + "; every step needs the same keys");
        }
    }

    std::int64_t num_steps_;
    std::int64_t num_envs_;
    std::vector<std::map<std::string, torch::Tensor>> steps_;
};

} // namespace nip::sdk::rl
