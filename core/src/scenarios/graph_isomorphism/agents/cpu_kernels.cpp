#include "cpu_kernels.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

// Each kernel is compiled three times and the widest the CPU runs is chosen when the
// library loads (GCC function multiversioning). This file is compiled with
// -ffp-contract=off (CMakeLists.txt): no clone fuses a * b + c into one rounding, so the
// clones compute the same bits.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define NIP_KERNEL __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NIP_KERNEL
#endif
#define NIP_INLINE inline __attribute__((always_inline))

namespace nip::core::gi_agents::kernels {

// The rational approximation Eigen uses for float tanh (a 13/6 minimax fit on
// [-7.905, 7.905], where tanh rounds to +-1 in float beyond), exact below 4e-4.
NIP_KERNEL void tanh(const float* x, float* y, std::int64_t n) {
    constexpr float clamp = 7.90531110763549805F;
    for (std::int64_t i = 0; i < n; ++i) {
        const float v = std::min(std::max(x[i], -clamp), clamp);
        const float v2 = v * v;
        float p = v2 * -2.76076847742355e-16F + 2.00018790482477e-13F;
        p = p * v2 + -8.60467152213735e-11F;
        p = p * v2 + 5.12229709037114e-08F;
        p = p * v2 + 1.48572235717979e-05F;
        p = p * v2 + 6.37261928875436e-04F;
        p = p * v2 + 4.89352455891786e-03F;
        p = p * v;
        float q = v2 * 1.19825839466702e-06F + 1.18534705686654e-04F;
        q = q * v2 + 2.26843463243900e-03F;
        q = q * v2 + 4.89352518554385e-03F;
        y[i] = std::fabs(x[i]) < 4e-4F ? x[i] : p / q;
    }
}

NIP_KERNEL void tanh_backward(const float* dy, const float* y, float* dx, std::int64_t n) {
    for (std::int64_t i = 0; i < n; ++i) {
        dx[i] = dy[i] * (1.0F - y[i] * y[i]);
    }
}

namespace {

// The message passing of one graph for the columns [c0, c0 + columns) of the node states:
// each output row is summed in the order self, then j = 0..n-1. With `columns` a
// compile-time constant the row stays in registers.
template <std::int64_t columns>
NIP_INLINE void aggregate_columns(const float* a, const float* states, float self_weight,
                                  float* result, std::int64_t n, std::int64_t width,
                                  std::int64_t c0, bool transposed) {
    for (std::int64_t i = 0; i < n; ++i) {
        float acc[columns];
        const float* own = states + i * width + c0;
        for (std::int64_t k = 0; k < columns; ++k) {
            acc[k] = self_weight * own[k];
        }
        for (std::int64_t j = 0; j < n; ++j) {
            const float weight = transposed ? a[j * n + i] : a[i * n + j];
            const float* x = states + j * width + c0;
            for (std::int64_t k = 0; k < columns; ++k) {
                acc[k] += weight * x[k];
            }
        }
        float* out = result + i * width + c0;
        for (std::int64_t k = 0; k < columns; ++k) {
            out[k] = acc[k];
        }
    }
}

} // namespace

NIP_KERNEL void aggregate(const float* adjacency, const float* x, float self_weight, float* out,
                          std::int64_t graphs, std::int64_t n, std::int64_t width,
                          bool transposed) {
    // Sixteen columns at a time, then four, then one.
    for (std::int64_t g = 0; g < graphs; ++g) {
        const float* a = adjacency + g * n * n;
        const float* states = x + g * n * width;
        float* result = out + g * n * width;
        std::int64_t c0 = 0;
        for (; c0 + 16 <= width; c0 += 16) {
            aggregate_columns<16>(a, states, self_weight, result, n, width, c0, transposed);
        }
        for (; c0 + 4 <= width; c0 += 4) {
            aggregate_columns<4>(a, states, self_weight, result, n, width, c0, transposed);
        }
        for (; c0 < width; ++c0) {
            aggregate_columns<1>(a, states, self_weight, result, n, width, c0, transposed);
        }
    }
}

namespace {

// Attention works on rows of kMaxAttentionTokens (32) floats: a sequence's tokens,
// zero-padded, held as two vectors of 16 (GCC vector extensions: one AVX-512 register
// each, two AVX2 or four SSE registers in the other clones; elementwise, so the same bits).
static_assert(kMaxAttentionTokens == 32);
constexpr std::int64_t kRow = kMaxAttentionTokens;
using Vec = float __attribute__((vector_size(64)));
using IntVec = std::int32_t __attribute__((vector_size(64)));
struct Row {
    Vec lo, hi;
};

NIP_INLINE Vec load(const float* x) {
    Vec v;
    __builtin_memcpy(&v, x, sizeof v);
    return v;
}
NIP_INLINE void store(float* x, Vec v) {
    __builtin_memcpy(x, &v, sizeof v);
}
NIP_INLINE Row load_row(const float* x) {
    return {load(x), load(x + 16)};
}
NIP_INLINE void store_row(float* x, const Row& r) {
    store(x, r.lo);
    store(x + 16, r.hi);
}
NIP_INLINE Row zero_row() {
    return {Vec{}, Vec{}};
}

// acc += w * x
NIP_INLINE void add_scaled_row(Row& acc, const float* x, float w) {
    acc.lo += w * load(x);
    acc.hi += w * load(x + 16);
}

// Sum of the 32 lanes in a fixed pairwise order.
NIP_INLINE float row_sum(const Row& r) {
    float s[16];
    store(s, r.lo + r.hi);
    for (int half = 8; half >= 1; half /= 2) {
        for (int k = 0; k < half; ++k) {
            s[k] += s[k + half];
        }
    }
    return s[0];
}

// exp(x) for x <= 0 (scores less their row's maximum): Cephes' expf, a degree-5
// polynomial after reduction by ln 2, within 2 ulp; 0 below -87 (where exp underflows
// to a denormal) and for -infinity.
NIP_INLINE Vec exp_nonpositive(Vec x) {
    const Vec floor_value = Vec{} - 87.0F;
    const Vec clamped = x > floor_value ? x : floor_value;
    // Rounds to the nearest integer by adding and taking away 1.5 * 2^23.
    const Vec n = (clamped * 1.44269504088896341F + 12582912.0F) - 12582912.0F;
    Vec r = clamped - n * 0.693359375F;
    r = r - n * -2.12194440e-4F;
    Vec p = Vec{} + 1.9875691500e-4F;
    p = p * r + 1.3981999507e-3F;
    p = p * r + 8.3334519073e-3F;
    p = p * r + 4.1665795894e-2F;
    p = p * r + 1.6666665459e-1F;
    p = p * r + 5.0000001201e-1F;
    p = p * (r * r) + r + 1.0F;
    const IntVec exponent = (__builtin_convertvector(n, IntVec) + 127) << 23;
    // A cast between vector types of one size keeps the bits.
    const auto two_to_n = (Vec)exponent; // NOLINT(google-readability-casting)
    return x > floor_value ? p * two_to_n : Vec{};
}

// One (sequence, head): its queries, keys and values as (head_width, kRow) rows, tokens
// along the row, zero beyond the sequence's length.
struct HeadRows {
    std::vector<float> queries, keys, values;
    explicit HeadRows(std::int64_t head_width)
        : queries(static_cast<std::size_t>(head_width * kRow)), keys(queries.size()),
          values(queries.size()) {}
};

// Token rows of qkv are 3 * heads * head_width apart; part 0 queries, 1 keys, 2 values.
NIP_INLINE const float* qkv_at(const float* qkv, const AttentionShape& s, std::int64_t b,
                               std::int64_t token, std::int64_t part, std::int64_t h) {
    const auto d_model = s.heads * s.head_width;
    return qkv + (b * s.length + token) * 3 * d_model + part * d_model + h * s.head_width;
}

// Columns (tokens x head_width, rows `stride` apart) into rows (head_width x kRow).
NIP_INLINE void to_rows(const float* source, std::int64_t stride, std::int64_t length,
                        std::int64_t width, float* rows) {
    std::fill(rows, rows + width * kRow, 0.0F);
    for (std::int64_t t = 0; t < length; ++t) {
        for (std::int64_t k = 0; k < width; ++k) {
            rows[k * kRow + t] = source[t * stride + k];
        }
    }
}

NIP_INLINE void load_head(const float* qkv, const AttentionShape& s, std::int64_t b, std::int64_t h,
                          HeadRows& rows) {
    const auto stride = 3 * s.heads * s.head_width;
    to_rows(qkv_at(qkv, s, b, 0, 0, h), stride, s.length, s.head_width, rows.queries.data());
    to_rows(qkv_at(qkv, s, b, 0, 1, h), stride, s.length, s.head_width, rows.keys.data());
    to_rows(qkv_at(qkv, s, b, 0, 2, h), stride, s.length, s.head_width, rows.values.data());
}

// The (length x length) block of a padded (kRow x kRow) square, transposed into another;
// the rest of `out` is left as it is (zero in the callers, which never write it otherwise).
NIP_INLINE void transpose_block(const float* in, std::int64_t length, float* out) {
    for (std::int64_t i = 0; i < length; ++i) {
        for (std::int64_t j = 0; j < length; ++j) {
            out[j * kRow + i] = in[i * kRow + j];
        }
    }
}

} // namespace

NIP_KERNEL void attention_probabilities(const float* qkv, const float* bias, float scale,
                                        float* probabilities, const AttentionShape& shape) {
    // The vector lanes run over the queries: each key j is one row of scores for all the
    // queries at once, so the softmax's maximum and sum over the keys are elementwise,
    // with no reduction across lanes.
    const auto length = shape.length;
    HeadRows rows(shape.head_width);
    std::vector<float> bias_t(kRow * kRow, 0.0F);
    for (std::int64_t b = 0; b < shape.batch; ++b) {
        // bias_t[j][i] = bias[i][j]; lanes of queries beyond the length stay 0, so that
        // they hold a finite (unused) softmax.
        const float* bias_b = bias + b * length * length;
        for (std::int64_t i = 0; i < length; ++i) {
            for (std::int64_t j = 0; j < length; ++j) {
                bias_t[static_cast<std::size_t>(j * kRow + i)] = bias_b[i * length + j];
            }
        }
        for (std::int64_t h = 0; h < shape.heads; ++h) {
            load_head(qkv, shape, b, h, rows);
            float* out = probabilities + (b * shape.heads + h) * kRow * kRow;
            Row maximum = {Vec{} - std::numeric_limits<float>::infinity(),
                           Vec{} - std::numeric_limits<float>::infinity()};
            for (std::int64_t j = 0; j < length; ++j) {
                Row score = zero_row();
                for (std::int64_t k = 0; k < shape.head_width; ++k) {
                    add_scaled_row(score, rows.queries.data() + k * kRow,
                                   rows.keys[static_cast<std::size_t>(k * kRow + j)]);
                }
                const Row bias_row = load_row(bias_t.data() + j * kRow);
                score.lo = score.lo * scale + bias_row.lo;
                score.hi = score.hi * scale + bias_row.hi;
                maximum.lo = score.lo > maximum.lo ? score.lo : maximum.lo;
                maximum.hi = score.hi > maximum.hi ? score.hi : maximum.hi;
                store_row(out + j * kRow, score);
            }
            // A query with no key allowed has maximum -inf: its scores less the maximum
            // are NaN, exp_nonpositive gives 0, the sum 0 and 0 times 1/0 NaN. The sum over
            // the keys runs in the pairwise order of row_sum over 32 zero-padded keys (key
            // k with k + 16, then halves), as when the keys were the lanes: the same bits.
            Row terms[kRow];
            for (std::int64_t j = 0; j < kRow; ++j) {
                if (j < length) {
                    Row e = load_row(out + j * kRow);
                    e.lo = exp_nonpositive(e.lo - maximum.lo);
                    e.hi = exp_nonpositive(e.hi - maximum.hi);
                    store_row(out + j * kRow, e);
                    terms[j] = e;
                } else {
                    terms[j] = zero_row();
                }
            }
            for (std::int64_t half = kRow / 2; half >= 1; half /= 2) {
                for (std::int64_t j = 0; j < half; ++j) {
                    terms[j].lo += terms[j + half].lo;
                    terms[j].hi += terms[j + half].hi;
                }
            }
            const Row& sum = terms[0];
            const Row inverse = {1.0F / sum.lo, 1.0F / sum.hi};
            for (std::int64_t j = 0; j < length; ++j) {
                Row p = load_row(out + j * kRow);
                p.lo *= inverse.lo;
                p.hi *= inverse.hi;
                store_row(out + j * kRow, p);
            }
            std::fill(out + length * kRow, out + kRow * kRow, 0.0F);
        }
    }
}

NIP_KERNEL void attention_output(const float* probabilities, const float* qkv, float* out,
                                 const AttentionShape& shape) {
    const auto length = shape.length;
    const auto width = shape.head_width;
    HeadRows rows(width);
    float column[kRow];
    for (std::int64_t b = 0; b < shape.batch; ++b) {
        for (std::int64_t h = 0; h < shape.heads; ++h) {
            load_head(qkv, shape, b, h, rows);
            const float* p_t = probabilities + (b * shape.heads + h) * kRow * kRow;
            for (std::int64_t k = 0; k < width; ++k) {
                // out[i][k] for every i = sum_j values[j][k] p[i][j]
                Row acc = zero_row();
                for (std::int64_t j = 0; j < length; ++j) {
                    add_scaled_row(acc, p_t + j * kRow,
                                   rows.values[static_cast<std::size_t>(k * kRow + j)]);
                }
                store_row(column, acc);
                for (std::int64_t i = 0; i < length; ++i) {
                    out[((b * length + i) * shape.heads + h) * width + k] = column[i];
                }
            }
        }
    }
}

NIP_KERNEL void attention_backward(const float* d_out, const float* probabilities, const float* qkv,
                                   float scale, float* d_qkv, const AttentionShape& shape) {
    const auto length = shape.length;
    const auto width = shape.head_width;
    const auto d_model = shape.heads * width;
    HeadRows rows(width);
    std::vector<float> d_out_rows(static_cast<std::size_t>(width * kRow));
    std::vector<float> p(kRow * kRow), d_scores(kRow * kRow), d_scores_t(kRow * kRow);
    float d_query[kRow], d_key[kRow], d_value[kRow];
    for (std::int64_t b = 0; b < shape.batch; ++b) {
        for (std::int64_t h = 0; h < shape.heads; ++h) {
            load_head(qkv, shape, b, h, rows);
            to_rows(d_out + b * length * d_model + h * width, d_model, length, width,
                    d_out_rows.data());
            transpose_block(probabilities + (b * shape.heads + h) * kRow * kRow, length, p.data());
            // d_probabilities[i][j] = sum_k d_out[i][k] values[j][k]; then through the
            // softmax: d_scores = p * (d_probabilities - sum_j p * d_probabilities). Rows
            // beyond the length stay zero from the start.
            for (std::int64_t i = 0; i < length; ++i) {
                Row d_p = zero_row();
                for (std::int64_t k = 0; k < width; ++k) {
                    add_scaled_row(d_p, rows.values.data() + k * kRow,
                                   d_out_rows[static_cast<std::size_t>(k * kRow + i)]);
                }
                const Row p_row = load_row(p.data() + i * kRow);
                const float dot = row_sum({p_row.lo * d_p.lo, p_row.hi * d_p.hi});
                store_row(d_scores.data() + i * kRow,
                          {p_row.lo * (d_p.lo - dot), p_row.hi * (d_p.hi - dot)});
            }
            transpose_block(d_scores.data(), length, d_scores_t.data());
            float* target = d_qkv + b * length * 3 * d_model + h * width;
            for (std::int64_t k = 0; k < width; ++k) {
                Row query_acc = zero_row(), key_acc = zero_row(), value_acc = zero_row();
                for (std::int64_t j = 0; j < length; ++j) {
                    // d_queries[i][k] = sum_j d_scores[i][j] keys[j][k]
                    add_scaled_row(query_acc, d_scores_t.data() + j * kRow,
                                   rows.keys[static_cast<std::size_t>(k * kRow + j)]);
                }
                for (std::int64_t i = 0; i < length; ++i) {
                    // d_keys[j][k] = sum_i d_scores[i][j] queries[i][k]
                    add_scaled_row(key_acc, d_scores.data() + i * kRow,
                                   rows.queries[static_cast<std::size_t>(k * kRow + i)]);
                    // d_values[j][k] = sum_i p[i][j] d_out[i][k]
                    add_scaled_row(value_acc, p.data() + i * kRow,
                                   d_out_rows[static_cast<std::size_t>(k * kRow + i)]);
                }
                store_row(d_query, query_acc);
                store_row(d_key, key_acc);
                store_row(d_value, value_acc);
                for (std::int64_t t = 0; t < length; ++t) {
                    float* token = target + t * 3 * d_model + k;
                    token[0] = scale * d_query[t];
                    token[d_model] = scale * d_key[t];
                    token[2 * d_model] = d_value[t];
                }
            }
        }
    }
}

} // namespace nip::core::gi_agents::kernels
