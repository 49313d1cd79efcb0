#include "fused_ops.hpp"

#include <cmath>

#include <torch/autograd.h>
#include <torch/torch.h>

#include "cpu_kernels.hpp"

namespace nip::core::gi_agents {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

bool on_kernels(const torch::Tensor& tensor) {
    return tensor.device().is_cpu() && tensor.scalar_type() == torch::kFloat;
}

float* data(torch::Tensor& tensor) {
    return tensor.data_ptr<float>();
}
const float* data(const torch::Tensor& tensor) {
    return tensor.data_ptr<float>();
}

struct FastTanh : torch::autograd::Function<FastTanh> {
    static torch::Tensor forward(AutogradContext* context, const torch::Tensor& input) {
        const auto x = input.contiguous();
        auto y = torch::empty_like(x);
        kernels::tanh(data(x), data(y), x.numel());
        context->save_for_backward({y});
        return y;
    }
    static variable_list backward(AutogradContext* context, variable_list grads) {
        const auto y = context->get_saved_variables()[0];
        const auto dy = grads[0].contiguous();
        auto dx = torch::empty_like(y);
        kernels::tanh_backward(data(dy), data(y), data(dx), y.numel());
        return {dx};
    }
};

struct GinLayerFunction : torch::autograd::Function<GinLayerFunction> {
    static torch::Tensor forward(AutogradContext* context, const torch::Tensor& node_states,
                                 const torch::Tensor& adjacency, const torch::Tensor& mask,
                                 const torch::Tensor& eps, const torch::Tensor& hidden_weight,
                                 const torch::Tensor& hidden_bias,
                                 const torch::Tensor& output_weight,
                                 const torch::Tensor& output_bias) {
        const auto h = node_states.contiguous();
        const auto graphs = h.size(0);
        const auto nodes = h.size(1);
        const auto width = h.size(2);
        const auto rows = graphs * nodes;
        const auto adjacency_c = adjacency.contiguous();
        const float self_weight = 1.0F + eps.item<float>();

        auto activated = torch::empty_like(h);
        kernels::tanh(data(h), data(activated), h.numel());
        auto aggregated = torch::empty_like(h);
        kernels::aggregate(data(adjacency_c), data(activated), self_weight, data(aggregated),
                           graphs, nodes, width, false);
        auto hidden = torch::addmm(hidden_bias, aggregated.view({rows, width}), hidden_weight.t());
        kernels::tanh(data(hidden), data(hidden), hidden.numel());
        auto out =
            torch::addmm(output_bias, hidden, output_weight.t()).view({graphs, nodes, width});
        out.mul_(mask);
        context->save_for_backward(
            {activated, aggregated, hidden, adjacency_c, mask, eps, hidden_weight, output_weight});
        return out;
    }

    static variable_list backward(AutogradContext* context, variable_list grads) {
        const auto saved = context->get_saved_variables();
        const auto& activated = saved[0];
        const auto& aggregated = saved[1];
        const auto& hidden = saved[2];
        const auto& adjacency = saved[3];
        const auto& mask = saved[4];
        const auto& eps = saved[5];
        const auto& hidden_weight = saved[6];
        const auto& output_weight = saved[7];
        const auto graphs = activated.size(0);
        const auto nodes = activated.size(1);
        const auto width = activated.size(2);
        const auto rows = graphs * nodes;

        const auto d_out = (grads[0] * mask).contiguous().view({rows, width});
        const auto d_output_weight = d_out.t().mm(hidden);
        const auto d_output_bias = d_out.sum(0);
        auto d_hidden = d_out.mm(output_weight);
        kernels::tanh_backward(data(d_hidden), data(hidden), data(d_hidden), d_hidden.numel());
        const auto aggregated_rows = aggregated.view({rows, width});
        const auto d_hidden_weight = d_hidden.t().mm(aggregated_rows);
        const auto d_hidden_bias = d_hidden.sum(0);
        const auto d_aggregated = d_hidden.mm(hidden_weight);
        const auto d_eps = context->needs_input_grad(3)
                               ? d_aggregated.view({-1}).dot(activated.view({-1})).view(eps.sizes())
                               : torch::Tensor();
        auto d_states = torch::empty_like(activated);
        kernels::aggregate(data(adjacency), data(d_aggregated), 1.0F + eps.item<float>(),
                           data(d_states), graphs, nodes, width, true);
        kernels::tanh_backward(data(d_states), data(activated), data(d_states), d_states.numel());
        return {d_states,        torch::Tensor(), torch::Tensor(), d_eps,
                d_hidden_weight, d_hidden_bias,   d_output_weight, d_output_bias};
    }
};

struct AttentionFunction : torch::autograd::Function<AttentionFunction> {
    static kernels::AttentionShape shape_of(const torch::Tensor& qkv, std::int64_t heads) {
        return {qkv.size(0), qkv.size(1), heads, qkv.size(2) / (3 * heads)};
    }

    static torch::Tensor forward(AutogradContext* context, const torch::Tensor& qkv_input,
                                 const torch::Tensor& bias_input, std::int64_t heads) {
        const auto qkv = qkv_input.contiguous();
        const auto bias = bias_input.contiguous();
        const auto shape = shape_of(qkv, heads);
        const auto scale =
            static_cast<float>(1.0 / std::sqrt(static_cast<double>(shape.head_width)));
        auto probabilities = torch::empty(
            {shape.batch, heads, kernels::kMaxAttentionTokens, kernels::kMaxAttentionTokens},
            qkv.options());
        kernels::attention_probabilities(data(qkv), data(bias), scale, data(probabilities), shape);
        auto out =
            torch::empty({shape.batch, shape.length, heads * shape.head_width}, qkv.options());
        kernels::attention_output(data(probabilities), data(qkv), data(out), shape);
        context->save_for_backward({qkv, probabilities});
        context->saved_data["heads"] = heads;
        return out;
    }

    static variable_list backward(AutogradContext* context, variable_list grads) {
        const auto saved = context->get_saved_variables();
        const auto& qkv = saved[0];
        const auto& probabilities = saved[1];
        const auto shape = shape_of(qkv, context->saved_data["heads"].toInt());
        const auto scale =
            static_cast<float>(1.0 / std::sqrt(static_cast<double>(shape.head_width)));
        const auto d_out = grads[0].contiguous();
        auto d_qkv = torch::empty_like(qkv);
        kernels::attention_backward(data(d_out), data(probabilities), data(qkv), scale, data(d_qkv),
                                    shape);
        return {d_qkv, torch::Tensor(), torch::Tensor()};
    }
};

} // namespace

torch::Tensor fast_tanh(const torch::Tensor& input) {
    if (!on_kernels(input)) {
        return torch::tanh(input);
    }
    return FastTanh::apply(input);
}

torch::Tensor gin_layer(const torch::Tensor& node_states, const torch::Tensor& adjacency,
                        const torch::Tensor& mask, const torch::Tensor& eps,
                        const torch::Tensor& hidden_weight, const torch::Tensor& hidden_bias,
                        const torch::Tensor& output_weight, const torch::Tensor& output_bias) {
    if (!on_kernels(node_states) || !on_kernels(adjacency)) {
        const auto activated = torch::tanh(node_states);
        const auto aggregated = (1 + eps) * activated + torch::matmul(adjacency, activated);
        const auto hidden = torch::tanh(torch::linear(aggregated, hidden_weight, hidden_bias));
        return torch::linear(hidden, output_weight, output_bias) * mask;
    }
    return GinLayerFunction::apply(node_states, adjacency, mask.to(torch::kFloat), eps,
                                   hidden_weight, hidden_bias, output_weight, output_bias);
}

torch::Tensor masked_attention(const torch::Tensor& qkv, const torch::Tensor& bias,
                               std::int64_t heads) {
    if (!on_kernels(qkv) || !on_kernels(bias) || qkv.size(1) > kernels::kMaxAttentionTokens) {
        const auto batch = qkv.size(0);
        const auto length = qkv.size(1);
        const auto d_model = qkv.size(2) / 3;
        const auto projected =
            qkv.view({batch, length, 3, heads, d_model / heads}).permute({2, 0, 3, 1, 4});
        const double scale = 1.0 / std::sqrt(static_cast<double>(d_model / heads));
        const auto scores =
            torch::matmul(projected[0], projected[1].transpose(-2, -1)) * scale + bias.unsqueeze(1);
        return torch::matmul(torch::softmax(scores, -1), projected[2])
            .transpose(1, 2)
            .reshape({batch, length, d_model});
    }
    return AttentionFunction::apply(qkv, bias, heads);
}

} // namespace nip::core::gi_agents
