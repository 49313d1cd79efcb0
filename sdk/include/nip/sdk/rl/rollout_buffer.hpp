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

#include <torch/torch.h>

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
    // and each key's shape and dtype, and allocates (num_steps, num_envs, ...) storage for
    // each; later steps must match and are copied into their slot, so that the whole
    // rollout is one tensor per key without stacking. Data is stored, never the autograd
    // graph that produced it.
    void add(const std::map<std::string, torch::Tensor>& step) {
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
        if (storage_.empty()) {
            for (const auto& [key, tensor] : step) {
                std::vector<std::int64_t> sizes{num_steps_};
                sizes.insert(sizes.end(), tensor.sizes().begin(), tensor.sizes().end());
                storage_[key] = torch::empty(sizes, tensor.options().requires_grad(false));
            }
        } else {
            expect_like_first_step(step);
        }
        torch::NoGradGuard no_grad;
        for (const auto& [key, tensor] : step) {
            storage_.at(key)[size_].copy_(tensor);
        }
        ++size_;
    }

    // (T, num_envs, ...) with T the number of steps added so far: a view of the storage.
    torch::Tensor stacked(const std::string& key) const {
        if (size_ == 0) {
            throw std::logic_error("RolloutBuffer: no step added yet, so no '" + key + "'");
        }
        const auto found = storage_.find(key);
        if (found == storage_.end()) {
            throw std::invalid_argument("RolloutBuffer: no entry '" + key + "'; the steps hold " +
                                        key_list());
        }
        return found->second.narrow(0, 0, size_);
    }

    // (T * num_envs, ...): time and environments merged, ready for minibatching.
    torch::Tensor flat(const std::string& key) const { return stacked(key).flatten(0, 1); }

    // Every key the steps hold.
    std::vector<std::string> keys() const {
        std::vector<std::string> names;
        for (const auto& entry : storage_) {
            names.push_back(entry.first);
        }
        return names;
    }

    // Drops the storage too: tensors returned earlier keep their values.
    void clear() {
        storage_.clear();
        size_ = 0;
    }
    bool full() const { return size_ == num_steps_; }
    std::int64_t size() const { return size_; }
    std::int64_t num_steps() const { return num_steps_; }
    std::int64_t num_envs() const { return num_envs_; }

private:
    std::string key_list() const {
        std::string names;
        for (const auto& entry : storage_) {
            names += (names.empty() ? "" : ", ") + entry.first;
        }
        return names.empty() ? "nothing" : names;
    }
    static std::string key_list(const std::map<std::string, torch::Tensor>& step) {
        std::string names;
        for (const auto& entry : step) {
            names += (names.empty() ? "" : ", ") + entry.first;
        }
        return names.empty() ? "nothing" : names;
    }

    // Caught here, a missing or misshapen entry names its step; caught by the copy into
    // the storage, it would name nothing.
    void expect_like_first_step(const std::map<std::string, torch::Tensor>& step) const {
        bool same_keys = step.size() == storage_.size();
        for (const auto& [key, tensor] : step) {
            const auto found = storage_.find(key);
            if (found == storage_.end()) {
                same_keys = false;
                break;
            }
            if (tensor.sizes() != found->second.sizes().slice(1) ||
                tensor.scalar_type() != found->second.scalar_type()) {
                std::ostringstream message;
                message << "RolloutBuffer: '" << key << "' of step " << size_ << " is "
                        << tensor.scalar_type() << " shaped " << tensor.sizes()
                        << " but step 0 had " << found->second.scalar_type() << " shaped "
                        << found->second.sizes().slice(1);
                throw std::invalid_argument(message.str());
            }
        }
        if (!same_keys) {
            throw std::invalid_argument("RolloutBuffer: step " + std::to_string(size_) + " holds " +
                                        key_list(step) + " but step 0 held " + key_list() +
                                        "; every step needs the same keys");
        }
    }

    std::int64_t num_steps_;
    std::int64_t num_envs_;
    std::int64_t size_ = 0;
    std::map<std::string, torch::Tensor> storage_;
};

} // namespace nip::sdk::rl
