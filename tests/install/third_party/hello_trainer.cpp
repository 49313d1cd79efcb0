// A third-party trainer: fits y = 3x with one weight by gradient descent.
#include <nip/sdk/sdk.hpp>
#include <torch/torch.h>

class HelloTrainer final : public nip::sdk::Trainer {
public:
    static constexpr nip::sdk::PluginInfo info{"hello_trainer", "Fits one weight (install test)",
                                               "0.3.0", NIP_TRAINER_SOLO_AGENT,
                                               R"({"hello": {"iterations": 8, "lr": 0.1}})"};

    explicit HelloTrainer(const nip::sdk::TrainerArgs& args)
        : Trainer(args), weight_(torch::zeros({1}, torch::requires_grad())) {
        declare_phase("train", hyper_params().get_int("hello.iterations"));
    }

    void train() override {
        const auto iterations = hyper_params().get_int("hello.iterations");
        const auto lr = hyper_params().get_double("hello.lr");
        auto context = iteration_context("train", state.iteration);
        for (auto it = state.iteration; it < iterations; ++it) {
            auto x = torch::linspace(-1, 1, 16);
            auto loss = (weight_ * x - 3 * x).pow(2).mean();
            loss.backward();
            {
                torch::NoGradGuard no_grad;
                weight_ -= lr * weight_.grad();
                weight_.grad().zero_();
            }
            log_metrics(it, {{"loss", loss.item<double>()}});
            context.step();
            state.iteration = it + 1;
        }
        save_checkpoint();
    }

protected:
    void before_checkpoint() override {
        state.agents["fitter"].tensors["weight"] = weight_.detach();
    }
    void on_state_loaded() override {
        torch::NoGradGuard no_grad;
        weight_.copy_(state.agents.at("fitter").tensors.at("weight"));
    }

private:
    torch::Tensor weight_;
};

NIP_REGISTER_TRAINER(HelloTrainer)
