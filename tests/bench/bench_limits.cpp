// What an iteration of the default experiment's PPO update costs in arithmetic, and how
// fast this machine does that arithmetic: the update's matrix-product FLOP count (from
// the agents' architecture) and the GEMM rate measured at the GIN layers' shapes. With
// the measured update time, scripts/bench.sh turns them into "update time / FLOP-limited
// time".
//   bench_limits [--frames F] [--epochs E]   (defaults: the default experiment's)
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include "nip/core/scenarios/graph_isomorphism/agents.hpp"

namespace {

// Multiply-adds of one agent's forward pass on one observation, counting every matrix
// product: linear layers, GIN message passing and attention (elementwise work is not
// counted). `nodes` is the graphs' padded size, `rounds` the message history's length.
double forward_multiply_adds(const nip::core::GiAgentParams& p, double nodes, double rounds,
                             double channels) {
    const double graph_nodes = 2 * nodes;  // both graphs
    const double tokens = graph_nodes + 2; // nodes and the two pooled tokens
    const double d = static_cast<double>(p.d_gnn_input);
    const double hidden = static_cast<double>(p.d_gnn_hidden);
    const double dt = static_cast<double>(p.d_transformer);
    const double ff = static_cast<double>(p.d_transformer_ff);
    const double dh = static_cast<double>(p.d_head);
    double macs = graph_nodes * (rounds * channels + 2) * d; // node input
    macs += static_cast<double>(p.num_gnn_layers) *
            (graph_nodes * (d * hidden + hidden * d) + 2 * nodes * nodes * d); // GIN
    macs += tokens * (d + 2) * dt;                                             // token input
    macs += static_cast<double>(p.num_transformer_layers) *
            (tokens * (3 * dt * dt + dt * dt + 2 * dt * ff) + 2 * tokens * tokens * dt);
    macs += 2 * dt * dt;                             // pooled output
    macs += graph_nodes * (dt * dh + dh * channels); // node selector
    macs += 2 * ((dt + rounds) * dh) + dh * 4;       // decider, value
    return macs;
}

// GFLOP/s of out (m x n) = a (m x k) @ b (k x n), best of several timed repeats.
double gemm_rate(std::int64_t m, std::int64_t k, std::int64_t n) {
    const auto a = torch::randn({m, k});
    const auto b = torch::randn({k, n});
    auto out = torch::empty({m, n});
    for (int i = 0; i < 20; ++i) {
        torch::mm_out(out, a, b);
    }
    double best = 1e30;
    for (int repeat = 0; repeat < 7; ++repeat) {
        const int calls = 200;
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < calls; ++i) {
            torch::mm_out(out, a, b);
        }
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
        best = std::min(best, elapsed.count() / calls);
    }
    return 2.0 * static_cast<double>(m * k * n) / best / 1e9;
}

} // namespace

int main(int argc, char** argv) {
    std::int64_t frames = 2048;
    std::int64_t epochs = 4;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--frames") {
            frames = std::atoll(argv[i + 1]);
        } else if (flag == "--epochs") {
            epochs = std::atoll(argv[i + 1]);
        } else {
            std::cerr << "usage: bench_limits [--frames F] [--epochs E]\n";
            return 2;
        }
    }
    at::set_num_threads(1);
    torch::manual_seed(0);

    // The default experiment: graphs of up to 11 nodes, 8 rounds, one channel (nip); the
    // prover has 5 GIN layers, the verifier 2.
    nip::core::GiAgentParams prover;
    nip::core::GiAgentParams verifier;
    verifier.num_gnn_layers = 2;
    const double per_frame =
        forward_multiply_adds(prover, 11, 8, 1) + forward_multiply_adds(verifier, 11, 8, 1);
    // Backward: each product's input gradient and weight gradient, twice the forward's.
    const double update_flops =
        2 * per_frame * 3 * static_cast<double>(frames) * static_cast<double>(epochs);

    // The GIN layer's products for a minibatch of 256 observations (256 x 22 node rows).
    const std::int64_t rows = 256 * 22;
    const std::vector<double> rates{
        gemm_rate(rows, 16, 64), // forward, into the hidden layer
        gemm_rate(rows, 64, 16), // forward, out of it; and the input gradients
        gemm_rate(64, rows, 16), // a weight gradient
    };
    // The three shapes do equal work in an update, so their time-weighted (harmonic) mean.
    double inverse = 0;
    for (const double rate : rates) {
        inverse += 1.0 / rate / static_cast<double>(rates.size());
    }
    const double mean_rate = 1.0 / inverse;
    std::cout << std::fixed << std::setprecision(2);
    std::cout << "update FLOPs per iteration (matrix products, " << frames << " frames x " << epochs
              << " epochs, forward + backward, both agents): " << update_flops / 1e9 << " GFLOP\n";
    std::cout << "GEMM rate at the GIN's shapes (1 thread; " << rows << "x16 @ 16x64, " << rows
              << "x64 @ 64x16, 64x" << rows << " @ " << rows << "x16): " << rates[0] << ", "
              << rates[1] << ", " << rates[2] << " GFLOP/s; harmonic mean " << mean_rate
              << " GFLOP/s\n";
    std::cout << "FLOP-limited update time: " << update_flops / (mean_rate * 1e9) << " s\n";
    return 0;
}
