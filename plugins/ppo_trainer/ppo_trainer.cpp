// ppo_trainer: independent PPO for every agent of the protocol (the original's
// vanilla_ppo), read top to bottom like CleanRL's ppo.py:
//   each iteration: collect a batch of frames from num_envs games at once; estimate
//   advantages with GAE per agent; then, for every agent the update schedule lets learn,
//   epochs of shuffled minibatches of the clipped (or KL-penalised) surrogate.
// After training, a test phase plays the test split with the final policies.
#include <algorithm>
#include <chrono>
#include <cstring>
#include <iomanip>
#include <sstream>

#include <nip/sdk/rl.hpp>
#include <nip/sdk/sdk.hpp>
#include <torch/torch.h>

#include "ppo_params.hpp"
#include "ppo_update.hpp"

namespace {

using nip::sdk::TensorMap;
using nip::sdk::rl::RolloutBuffer;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Seeds of the trainer's independent random streams, derived from the run's seed.
enum Stream : std::uint64_t { sampling = 1, minibatches, train_games, test_games, norm_games };

class PpoTrainer final : public nip::sdk::Trainer {
public:
    static constexpr nip::sdk::PluginInfo info{
        "ppo_trainer",
        "Independent PPO for every agent: each learns its own policy and critic with GAE",
        "0.3.2",
        NIP_TRAINER_RL,
        ppo::default_hyper_params_json,
        ppo::hyper_params_schema_json};

    // The rules between keys (e.g. rl.frames_per_batch a multiple of rl.num_envs), checked
    // by the host before the run starts: a broken one is a usage error, exit 2.
    static void validate(const nip::sdk::HyperParams& hyper_params) {
        ppo::Params::from(hyper_params);
    }

    explicit PpoTrainer(const nip::sdk::TrainerArgs& args)
        : Trainer(args), params_(test_run_sized(ppo::Params::from(hyper_params()))),
          sampling_(generator(sampling)), minibatches_(generator(minibatches)) {
        std::vector<double> lr_factors;
        for (const auto& name : agent_names()) {
            auto found = scenario().agents().find(name);
            if (found == scenario().agents().end() || !found->second.policy_head ||
                !found->second.value_head) {
                throw std::invalid_argument("ppo_trainer: the scenario built no policy and "
                                            "value parts for agent '" +
                                            name + "'");
            }
            agents_.push_back(&found->second);
            const std::string factor_key = "agents." + name + ".agent_lr_factor";
            lr_factors.push_back(
                hyper_params().has(factor_key) ? hyper_params().get_double(factor_key) : 1.0);
        }
        const auto& names = agent_names();
        if (params_.update_schedule == "alternating_periodic" &&
            std::find(names.begin(), names.end(), params_.update_schedule_first_agent) ==
                names.end()) {
            std::string known;
            for (const auto& name : names) {
                known += (known.empty() ? "" : ", ") + name;
            }
            throw std::invalid_argument("rl.update_schedule_first_agent: '" +
                                        params_.update_schedule_first_agent +
                                        "' is not an agent of this protocol (" + known + ")");
        }
        update_ = std::make_unique<ppo::PpoUpdate>(agents_, lr_factors, params_);
        schedule_ = params_.update_schedule == "alternating_periodic"
                        ? nip::sdk::rl::UpdateSchedule::alternating_periodic(
                              params_.update_schedule_period,
                              params_.update_schedule_first_agent_iterations)
                        : nip::sdk::rl::UpdateSchedule::constant();
        environment_ = scenario().make_environment(nip::sdk::Split::train, params_.num_envs,
                                                   params_.seed + train_games);
        collector_ = std::make_unique<nip::sdk::rl::MultiAgentCollector>(
            *environment_, protocol_handler(), agents_, &norm_);
        declare_phase("train", params_.num_iterations);
        declare_phase("test", params_.num_test_iterations);
    }

    void initialise_state() override {
        state = State{};
        if (params_.normalize_observations) {
            fit_observation_norm();
        }
        collector_->set_observation(environment_->reset());
    }

    void train() override {
        {
            auto context = iteration_context("train", state.iteration);
            for (std::int64_t iteration = state.iteration; iteration < params_.num_iterations;
                 ++iteration) {
                train_iteration(iteration, context);
            }
        }
        save_checkpoint();
        if (timing_.iterations > 0) {
            logger().info(timing_.summary());
        }
        test();
    }

protected:
    void before_checkpoint() override {
        for (std::size_t a = 0; a < agents_.size(); ++a) {
            auto& saved = state.agents[agent_names()[a]].tensors;
            saved.clear();
            agent_parts(a).save(saved);
        }
        state.trainer.tensors.clear();
        trainer_parts().save(state.trainer.tensors);
    }

    void on_state_loaded() override {
        for (std::size_t a = 0; a < agents_.size(); ++a) {
            const auto& name = agent_names()[a];
            const auto found = state.agents.find(name);
            if (found == state.agents.end()) {
                throw std::runtime_error("The checkpoint holds no state for agent '" + name + "'");
            }
            if (found->second.tensors.count("optimizer") > 0) {
                throw std::runtime_error(
                    "The checkpoint was saved by ppo_trainer 0.1, whose optimiser state this "
                    "version cannot read; start the run afresh with --no-resume");
            }
            agent_parts(a).load(found->second.tensors, name);
        }
        trainer_parts().load(state.trainer.tensors, "ppo_trainer");
    }

private:
    // A test run only proves the loop works: one short iteration of each phase.
    ppo::Params test_run_sized(ppo::Params params) const {
        if (settings().test_run) {
            params.num_iterations = 1;
            params.num_test_iterations = std::min<std::int64_t>(params.num_test_iterations, 1);
            params.num_epochs = 1;
            params.num_normalization_steps =
                std::min<std::int64_t>(params.num_normalization_steps, 2 * params.steps_per_env);
        }
        return params;
    }

    torch::Generator generator(Stream stream) const {
        return nip::sdk::make_generator(params_.seed * 16 + stream);
    }

    // What a checkpoint holds of agent `a`: its four parts, its optimiser, its KL
    // coefficient. One declaration serves saving and loading.
    nip::sdk::StateParts agent_parts(std::size_t a) {
        auto& learner = update_->learner(a);
        nip::sdk::StateParts parts;
        parts.module("body", agents_[a]->body)
            .module("value_body", agents_[a]->value_body)
            .module("policy_head", agents_[a]->policy_head)
            .module("value_head", agents_[a]->value_head)
            .saved("adam", learner.adam())
            .number(
                "kl_beta", [&learner] { return learner.kl_penalty().beta(); },
                [&learner](double beta) { learner.kl_penalty().set_beta(beta); });
        return parts;
    }

    // The trainer's own: its random streams, the observation statistics, the games in
    // progress and the observation the next step starts from.
    nip::sdk::StateParts trainer_parts() {
        using nip::sdk::StateParts;
        nip::sdk::StateParts parts;
        parts.generator("generator/sampling", sampling_)
            .generator("generator/minibatches", minibatches_)
            .saved("norm", norm_)
            .custom(
                [this](TensorMap& tensors) {
                    const auto environment = environment_->state();
                    for (const auto& [key, tensor] : environment.tensors) {
                        tensors["environment/" + key] = tensor.cpu();
                    }
                    tensors["environment_json"] = nip::sdk::text_to_tensor(environment.json);
                },
                [this](const TensorMap& tensors, const std::string& owner) {
                    nip::sdk::StateBlob environment;
                    environment.tensors = StateParts::with_prefix(tensors, "environment/");
                    environment.json = nip::sdk::tensor_to_text(
                        StateParts::required(tensors, "environment_json", owner));
                    environment_->load_state(environment);
                    // The next step starts from the restored games' observation. (The
                    // checkpoints of 0.3.1 and before also hold a copy under "observation/";
                    // it is not read: the environment's own is the same, with current keys.)
                    collector_->set_observation(environment_->observation());
                });
        return parts;
    }

    // The observation statistics, fitted on games of random play on the train split (the
    // original fits the test environment's apart, on test games; one set of statistics
    // for both keeps the test phase's inputs scaled as in training).
    void fit_observation_norm() {
        const auto environment = scenario().make_environment(
            nip::sdk::Split::train, params_.num_envs, params_.seed + norm_games);
        auto random = generator(norm_games);
        nip::sdk::rl::fit_on_random_play(
            norm_, *environment, static_cast<std::int64_t>(agents_.size()),
            static_cast<std::int64_t>(protocol_handler().message_channel_names().size()),
            params_.num_normalization_steps, random, settings().device);
    }

    void train_iteration(std::int64_t iteration, nip::sdk::IterationContext& context) {
        auto started = Clock::now();
        const auto rollout = collector_->collect(params_.steps_per_env, sampling_);
        const double rollout_seconds = seconds_since(started);

        started = Clock::now();
        const auto rewards = rollout.stacked("reward");
        const auto values = rollout.stacked("value");
        // Every end of a game is a true end (a decision or the last round), never a time
        // limit, so done and terminated coincide for GAE.
        const auto done = rollout.stacked("done").unsqueeze(-1).expand_as(rewards);
        const auto estimate = nip::sdk::rl::generalised_advantage_estimate(
            rewards, values, collector_->next_values(rollout), done, done, params_.gamma,
            params_.lmbda);

        nip::sdk::Scalars scalars;
        const auto fields = nip::sdk::rl::episode_fields(rollout);
        const auto stats = nip::sdk::rl::episode_stats(fields);
        stats.add_to(scalars);
        std::vector<bool> learning;
        for (std::size_t a = 0; a < agents_.size(); ++a) {
            const auto& name = agent_names()[a];
            add_agent_metrics(scalars, name, rollout, static_cast<std::int64_t>(a), estimate,
                              stats.num_episodes);
            learning.push_back(
                schedule_.updates(name == params_.update_schedule_first_agent, iteration));
        }
        const double lr_fraction =
            params_.anneal_lr
                ? 1.0 - static_cast<double>(iteration) / static_cast<double>(params_.num_iterations)
                : 1.0;
        const auto update =
            update_->update(update_batch(rollout, estimate), learning, minibatches_, lr_fraction);
        for (std::size_t a = 0; a < agents_.size(); ++a) {
            if (!update[a]) {
                continue;
            }
            const auto& name = agent_names()[a];
            scalars.emplace_back(name + ".loss_objective", update[a]->loss_objective);
            scalars.emplace_back(name + ".loss_critic", update[a]->loss_critic);
            scalars.emplace_back(name + ".loss_entropy", update[a]->loss_entropy);
            scalars.emplace_back(name + ".entropy", update[a]->entropy);
            scalars.emplace_back(name + ".kl_divergence", update[a]->kl_divergence);
            scalars.emplace_back(name + ".clip_fraction", update[a]->clip_fraction);
        }
        const double update_seconds = seconds_since(started);

        scalars.emplace_back("time.rollout_s", rollout_seconds);
        scalars.emplace_back("time.update_s", update_seconds);
        scalars.emplace_back("time.host_core_s", host_core_seconds_);
        scalars.emplace_back("time.frames_per_s",
                             static_cast<double>(params_.frames_per_batch) / rollout_seconds);

        // What the host core costs the trainer: metrics, progress and checkpoints.
        started = Clock::now();
        log_metrics(iteration, scalars);
        context.set_description(describe(stats));
        context.step();
        state.iteration = iteration + 1;
        if (state.iteration % settings().checkpoint_period == 0 &&
            state.iteration < params_.num_iterations) {
            save_checkpoint();
        }
        host_core_seconds_ = seconds_since(started);
        timing_.add(rollout_seconds, update_seconds, host_core_seconds_, params_.frames_per_batch);
    }

    void add_agent_metrics(nip::sdk::Scalars& scalars, const std::string& name,
                           const RolloutBuffer& rollout, std::int64_t index,
                           const nip::sdk::rl::AdvantageEstimate& estimate,
                           std::int64_t num_episodes) const {
        const auto column = [&](const std::string& key) {
            return rollout.flat(key).select(1, index).to(torch::kDouble);
        };
        const auto active = rollout.flat("active_channels").select(1, index).any(-1);
        const auto decides = rollout.flat("decides").select(1, index);
        const auto masked_mean = [](const torch::Tensor& values, const torch::Tensor& mask) {
            const auto count = mask.sum().item<double>();
            return count > 0 ? values.index({mask}).sum().item<double>() / count : 0.0;
        };
        const auto reward = column("reward");
        const auto value = column("value");
        const auto target =
            estimate.value_targets.flatten(0, 1).select(1, index).to(torch::kDouble);
        const auto advantage = estimate.advantages.flatten(0, 1).select(1, index);
        const auto target_variance = target.var().item<double>();

        scalars.emplace_back(name + ".mean_step_reward", reward.mean().item<double>());
        scalars.emplace_back(name + ".mean_episode_reward",
                             num_episodes > 0
                                 ? reward.sum().item<double>() / static_cast<double>(num_episodes)
                                 : 0.0);
        scalars.emplace_back(name + ".mean_advantage", advantage.mean().item<double>());
        scalars.emplace_back(name + ".mean_value", value.mean().item<double>());
        scalars.emplace_back(name + ".mean_value_target", target.mean().item<double>());
        scalars.emplace_back(
            name + ".residual_critic_variance",
            target_variance > 0 ? (target - value).var().item<double>() / target_variance : 0.0);
        scalars.emplace_back(name + ".mean_decision_entropy",
                             masked_mean(column("decision_entropy"), decides));
        scalars.emplace_back(name + ".mean_message_entropy",
                             masked_mean(column("message_entropy"), active));
        scalars.emplace_back(name + ".mean_max_message_prob",
                             masked_mean(column("max_message_prob"), active));
    }

    ppo::UpdateBatch update_batch(const RolloutBuffer& rollout,
                                  const nip::sdk::rl::AdvantageEstimate& estimate) const {
        ppo::UpdateBatch batch;
        for (const auto& key : observation_keys()) {
            batch.observation[key] = rollout.flat("obs." + key);
        }
        batch.message = rollout.flat("message");
        batch.decision = rollout.flat("decision");
        batch.active_channels = rollout.flat("active_channels");
        batch.decides = rollout.flat("decides");
        batch.old_log_prob = rollout.flat("log_prob");
        batch.advantage = estimate.advantages.flatten(0, 1);
        batch.value_target = estimate.value_targets.flatten(0, 1);
        return batch;
    }

    std::vector<std::string> observation_keys() const {
        std::vector<std::string> keys;
        for (const auto& entry : collector_->observation()) {
            keys.push_back(entry.first);
        }
        return keys;
    }

    static std::string describe(const nip::sdk::rl::EpisodeStats& stats) {
        std::ostringstream text;
        text << std::fixed << std::setprecision(3) << "accuracy " << stats.mean_accuracy
             << ", episode length " << std::setprecision(2) << stats.mean_episode_length;
        return text.str();
    }

    // The final policies on the test split: no learning, metrics with a test_ prefix.
    void test() {
        if (params_.num_test_iterations == 0) {
            return;
        }
        auto context = iteration_context("test");
        const auto environment = scenario().make_environment(
            nip::sdk::Split::test, params_.num_envs, params_.seed + test_games);
        nip::sdk::rl::MultiAgentCollector collector(*environment, protocol_handler(), agents_,
                                                    &norm_);
        auto random = generator(test_games);
        std::vector<TensorMap> fields;
        std::vector<torch::Tensor> rewards;
        for (std::int64_t i = 0; i < params_.num_test_iterations; ++i) {
            const auto rollout = collector.collect(params_.steps_per_env, random);
            fields.push_back(nip::sdk::rl::episode_fields(rollout));
            rewards.push_back(rollout.flat("reward"));
            context.step();
        }
        const auto stats = nip::sdk::rl::episode_stats(nip::sdk::rl::concatenate_fields(fields));
        nip::sdk::Scalars scalars;
        stats.add_to(scalars, "test_");
        const auto reward = torch::cat(rewards).to(torch::kDouble);
        for (std::size_t a = 0; a < agents_.size(); ++a) {
            const auto column = reward.select(1, static_cast<std::int64_t>(a));
            scalars.emplace_back("test_" + agent_names()[a] + ".mean_episode_reward",
                                 stats.num_episodes > 0
                                     ? column.sum().item<double>() /
                                           static_cast<double>(stats.num_episodes)
                                     : 0.0);
        }
        log_metrics(params_.num_iterations, scalars);
        std::ostringstream summary;
        summary << std::fixed << std::setprecision(3) << "Test: verifier accuracy "
                << stats.mean_accuracy << " over " << stats.num_episodes
                << " games (worst datapoint " << stats.worst_datapoint_accuracy
                << ", mean episode length " << std::setprecision(2) << stats.mean_episode_length
                << " rounds)";
        logger().info(summary.str());
    }

    ppo::Params params_;
    torch::Generator sampling_;
    torch::Generator minibatches_;
    std::vector<const nip::sdk::AgentParts*> agents_;
    std::unique_ptr<ppo::PpoUpdate> update_;
    nip::sdk::rl::UpdateSchedule schedule_ = nip::sdk::rl::UpdateSchedule::constant();
    nip::sdk::rl::ObservationNorm norm_;
    std::unique_ptr<nip::sdk::Environment> environment_;
    std::unique_ptr<nip::sdk::rl::MultiAgentCollector> collector_;
    double host_core_seconds_ = 0;

    // Where the training time of this process went, for the summary and the benchmark.
    struct Timing {
        std::int64_t iterations = 0, frames = 0;
        double rollout = 0, update = 0, host_core = 0;
        void add(double rollout_s, double update_s, double host_core_s, std::int64_t batch) {
            ++iterations;
            frames += batch;
            rollout += rollout_s;
            update += update_s;
            host_core += host_core_s;
        }
        std::string summary() const {
            const double total = rollout + update + host_core;
            const auto share = [&](double part) { return total > 0 ? 100 * part / total : 0.0; };
            std::ostringstream text;
            text << std::fixed << std::setprecision(3) << "Timing over " << iterations
                 << " iterations: " << total / static_cast<double>(iterations)
                 << " s per iteration = rollout " << rollout / static_cast<double>(iterations)
                 << " s (" << std::setprecision(1) << share(rollout) << "%) + update "
                 << std::setprecision(3) << update / static_cast<double>(iterations) << " s ("
                 << std::setprecision(1) << share(update) << "%) + host core "
                 << std::setprecision(3) << host_core / static_cast<double>(iterations) << " s ("
                 << std::setprecision(1) << share(host_core)
                 << "%); environment steps per second: " << std::setprecision(0)
                 << static_cast<double>(frames) / rollout << " in rollouts, "
                 << static_cast<double>(frames) / total << " overall";
            return text.str();
        }
    } timing_;
};

} // namespace

NIP_REGISTER_TRAINER(PpoTrainer)
