// The host's command line for ppo_trainer on a configuration small enough for seconds per
// run and large enough that games end within a batch (the e2e suites' common settings).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace nip::test {

inline std::vector<std::string> ppo_host_args(const std::filesystem::path& runs,
                                              const std::string& run_id, std::int64_t iterations,
                                              const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"--plugin",   "ppo_trainer", "--plugins-dir", NIP_PLUGINS_DIR,
                                  "--runs-dir", runs.string(), "--run-id",      run_id};
    const std::vector<std::string> small{"--set", "rl.num_iterations=" + std::to_string(iterations),
                                         "--set", "rl.num_test_iterations=2",
                                         "--set", "rl.frames_per_batch=256",
                                         "--set", "rl.num_envs=32",
                                         "--set", "rl.minibatch_size=64",
                                         "--set", "rl.num_epochs=2",
                                         "--set", "rl.num_normalization_steps=64",
                                         "--set", "dataset.train_size=200",
                                         "--set", "dataset.test_size=100"};
    args.insert(args.end(), small.begin(), small.end());
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

} // namespace nip::test
