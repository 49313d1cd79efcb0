// example_trainer: the smallest complete trainer plugin, to copy from. It fits y = 3x
// with one weight by gradient descent, and shows each part of the contract:
//   - PluginInfo: name, summary, version, trainer type, default hyper-parameters (its own
//     keys, under its own prefix) and a schema of ranges and choices for them;
//   - validate(): rules between keys that a schema cannot state (exit 2 before the run);
//   - phases declared in the constructor, stepped in train(), so the host can show
//     progress and count iterations, and resume in the middle of a phase;
//   - StateParts: what a checkpoint holds, declared once, saved and restored bit for bit;
//   - metrics: log_metrics() per iteration; names beginning with "test_" are the run's
//     final results, printed by the host at the end ("Final metrics: test_loss=...").
#include <stdexcept>

#include <nip/sdk/sdk.hpp>
#include <torch/torch.h>

class ExampleTrainer final : public nip::sdk::Trainer {
public:
    static constexpr nip::sdk::PluginInfo info{
        "example_trainer",
        "Fits y = 3x with one weight (the SDK's example)",
        "1.0.0",
        NIP_TRAINER_SOLO_AGENT,
        R"({"example": {"iterations": 8, "test_iterations": 2, "lr": 0.1, "batch": 16}})",
        R"({"example.iterations": {"min": 1}, "example.lr": {"min": 0, "exclusive_min": true},
            "example.batch": {"min": 2, "max": 4096}})"};

    static void validate(const nip::sdk::HyperParams& params) {
        if (params.get_int("example.test_iterations") > params.get_int("example.iterations")) {
            throw std::invalid_argument("example.test_iterations must not exceed "
                                        "example.iterations");
        }
    }

    explicit ExampleTrainer(const nip::sdk::TrainerArgs& args)
        : Trainer(args), weight_(torch::zeros({1}, torch::requires_grad())),
          noise_(nip::sdk::make_generator(
              static_cast<std::uint64_t>(hyper_params().get_int("seed")))) {
        declare_phase("train", hyper_params().get_int("example.iterations"));
        declare_phase("test", hyper_params().get_int("example.test_iterations"));
        parts_.tensor("weight", weight_).generator("generator/noise", noise_);
    }

    void train() override {
        const auto iterations = hyper_params().get_int("example.iterations");
        const auto lr = hyper_params().get_double("example.lr");
        {
            auto context = iteration_context("train", state.iteration);
            for (auto it = state.iteration; it < iterations; ++it) {
                const auto loss = loss_on_a_batch();
                loss.backward();
                {
                    torch::NoGradGuard no_grad;
                    weight_ -= lr * weight_.grad();
                    weight_.grad().zero_();
                }
                log_metrics(it, {{"loss", loss.item<double>()}});
                context.step();
                state.iteration = it + 1;
                if (state.iteration % settings().checkpoint_period == 0) {
                    save_checkpoint();
                }
            }
        }
        save_checkpoint();
        auto context = iteration_context("test");
        torch::NoGradGuard no_grad;
        double total = 0;
        const auto tests = hyper_params().get_int("example.test_iterations");
        for (std::int64_t i = 0; i < tests; ++i) {
            total += loss_on_a_batch().item<double>();
            context.step();
        }
        log_metrics(iterations, {{"test_loss", total / static_cast<double>(tests)}});
    }

protected:
    void before_checkpoint() override { parts_.save(state.agents["fitter"].tensors); }
    void on_state_loaded() override {
        parts_.load(state.agents.at("fitter").tensors, "example_trainer");
    }

private:
    torch::Tensor loss_on_a_batch() {
        const auto x = torch::rand({hyper_params().get_int("example.batch")}, noise_) * 2 - 1;
        return (weight_ * x - 3 * x).pow(2).mean();
    }

    torch::Tensor weight_;
    torch::Generator noise_;
    nip::sdk::StateParts parts_;
};

NIP_REGISTER_TRAINER(ExampleTrainer)
