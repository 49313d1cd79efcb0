// A small but real trainer used by the end-to-end tests: it fits an MLP to a fixed random
// function with Adam, in two phases (train, test), with checkpoints and metrics. It goes
// through the SDK exactly as a third-party trainer would.
#include <chrono>
#include <thread>

#include <nip/sdk/sdk.hpp>
#include <torch/torch.h>

namespace {

struct RegressorImpl : torch::nn::Module {
    RegressorImpl(std::int64_t inputs, std::int64_t hidden)
        : hidden_layer(register_module("hidden", torch::nn::Linear(inputs, hidden))),
          output(register_module("output", torch::nn::Linear(hidden, 1))) {}
    torch::Tensor forward(const torch::Tensor& x) {
        return output(torch::tanh(hidden_layer(x))).squeeze(-1);
    }
    torch::nn::Linear hidden_layer, output;
};
TORCH_MODULE(Regressor);

class TinyRegressionTrainer final : public nip::sdk::Trainer {
public:
    static constexpr nip::sdk::PluginInfo info{
        "tiny_regression",
        "Fits a small MLP to a random function (end-to-end test trainer)",
        "1.0.0",
        NIP_TRAINER_SOLO_AGENT,
        R"({"tiny": {"num_iterations": 60, "num_test_iterations": 5, "batch_size": 32,
                     "inputs": 4, "hidden": 16, "lr": 0.01, "step_delay_ms": 0,
                     "fail_at_iteration": -1, "crash_at_iteration": -1}})",
        R"({"tiny.num_iterations": {"min": 1}, "tiny.lr": {"min": 0, "exclusive_min": true}})"};

    explicit TinyRegressionTrainer(const nip::sdk::TrainerArgs& args)
        : Trainer(args), num_iterations_(hyper_params().get_int("tiny.num_iterations")),
          num_test_iterations_(hyper_params().get_int("tiny.num_test_iterations")),
          batch_size_(hyper_params().get_int("tiny.batch_size")),
          inputs_(hyper_params().get_int("tiny.inputs")),
          model_(inputs_, hyper_params().get_int("tiny.hidden")),
          optimizer_(model_->parameters(),
                     torch::optim::AdamOptions(hyper_params().get_double("tiny.lr")).eps(1e-5)) {
        // The target function and the model's first weights come from the seed alone.
        torch::manual_seed(static_cast<std::uint64_t>(hyper_params().get_int("seed")));
        target_ = torch::randn({inputs_});
        for (auto& p : model_->parameters()) {
            torch::NoGradGuard no_grad;
            p.copy_(torch::randn(p.sizes()) * 0.3);
        }
        generator_ = nip::sdk::make_generator(
            static_cast<std::uint64_t>(hyper_params().get_int("seed")) + 1);
        declare_phase("train", num_iterations_);
        declare_phase("test", num_test_iterations_);
    }

    void train() override {
        const std::int64_t period = settings().checkpoint_period;
        const auto delay = std::chrono::milliseconds(hyper_params().get_int("tiny.step_delay_ms"));
        const std::int64_t fail_at = hyper_params().get_int("tiny.fail_at_iteration");
        const std::int64_t crash_at = hyper_params().get_int("tiny.crash_at_iteration");
        {
            auto context = iteration_context("train", state.iteration);
            for (std::int64_t it = state.iteration; it < num_iterations_; ++it) {
                if (it == fail_at) {
                    throw std::runtime_error("deliberate failure at iteration " +
                                             std::to_string(it));
                }
                if (it == crash_at) {
                    // A real invalid memory access, as a bug in a trainer would make.
                    volatile int* volatile nowhere = nullptr;
                    *nowhere = 1;
                }
                auto [x, y] = batch();
                optimizer_.zero_grad();
                auto loss = torch::mse_loss(model_(x), y);
                loss.backward();
                optimizer_.step();
                log_metrics(it, {{"loss", loss.item<double>()}});
                context.set_description("loss " + std::to_string(loss.item<double>()));
                context.step();
                state.iteration = it + 1;
                if (state.iteration % period == 0 && state.iteration < num_iterations_) {
                    save_checkpoint();
                }
                std::this_thread::sleep_for(delay);
            }
        }
        save_checkpoint();
        auto context = iteration_context("test");
        torch::NoGradGuard no_grad;
        double total = 0;
        for (std::int64_t i = 0; i < num_test_iterations_; ++i) {
            auto [x, y] = batch();
            total += torch::mse_loss(model_(x), y).item<double>();
            context.step();
        }
        log_metrics(num_iterations_, {{"test_loss", total / num_test_iterations_}});
    }

protected:
    void before_checkpoint() override {
        auto& agent = state.agents["regressor"];
        agent.tensors = nip::sdk::module_tensors(*model_);
        agent.tensors["optimizer"] = nip::sdk::optimizer_to_tensor(optimizer_);
        state.trainer.tensors["generator"] = generator_.get_state();
    }
    void on_state_loaded() override {
        const auto& agent = state.agents.at("regressor");
        nip::sdk::load_module_tensors(*model_, agent.tensors, "the regressor");
        nip::sdk::optimizer_from_tensor(optimizer_, agent.tensors.at("optimizer"));
        generator_.set_state(state.trainer.tensors.at("generator"));
    }

private:
    std::pair<torch::Tensor, torch::Tensor> batch() {
        auto x = torch::randn({batch_size_, inputs_}, generator_);
        return {x, torch::sin(x.matmul(target_))};
    }

    std::int64_t num_iterations_, num_test_iterations_, batch_size_, inputs_;
    Regressor model_;
    torch::optim::Adam optimizer_;
    torch::Tensor target_;
    at::Generator generator_;
};

} // namespace

NIP_REGISTER_TRAINER(TinyRegressionTrainer)
