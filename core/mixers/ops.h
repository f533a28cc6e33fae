#pragma once
// Small numerical building blocks shared by the mixers. All operate on row-major
// sequences (T x C): one row per position.
#include "core/tensor.h"

namespace seqscope::ops {

// Sequences shorter than this run a mixer's per-head loops on one thread: waking an OpenMP
// team costs more than the work, and on a busy 2-core machine spinning threads made a
// 31-token forward 400x slower (measured in the GUI).
constexpr Eigen::Index kThreadingMinRows = 128;

inline Real silu(Real v) { return v / (Real(1) + std::exp(-v)); }
inline Real sigmoid(Real v) { return Real(1) / (Real(1) + std::exp(-v)); }
// Matches torch.nn.functional.softplus (threshold 20: linear above it).
inline Real softplus(Real v) { return v > Real(20) ? v : std::log1p(std::exp(v)); }

void siluInPlace(Mat& m);

// y = x W^T (+ b): a torch Linear with weight W (out x in) and optional bias (1 x out).
Mat linear(const Mat& x, const Mat& w, const Mat* bias = nullptr);
Row linear(const Row& x, const Mat& w, const Mat* bias = nullptr);

// RMSNorm over each row of width `weight.cols()` (or over groups of `groupSize` columns):
// x * rsqrt(mean(x^2) + eps) * weight.
Mat rmsNorm(const Mat& x, const Mat& weight, Real eps, int groupSize = 0);

// Gated RMSNorm as in Mamba-2 / Gated DeltaNet: rmsNorm(x * silu(gate)) when gateFirst
// (transformers' MambaRMSNormGated), or rmsNorm(x) * silu(gate) otherwise (fla's
// FusedRMSNormGated).
Mat gatedRmsNorm(const Mat& x, const Mat& gate, const Mat& weight, Real eps, int groupSize,
                 bool gateFirst);

// Causal depthwise convolution as torch Conv1d(groups=C, padding=K-1)[..., :T]:
// y[t, c] = b[c] + sum_{j<K} w[c, j] * x[t - K + 1 + j, c], zero before the start.
// `w` is C x K; `bias` may be null.
Mat causalDepthwiseConv(const Mat& x, const Mat& w, const Mat* bias);
// The same for one new row against a window holding the previous K-1 rows
// ((K-1) x C, oldest first); the window is shifted to include x.
Row causalDepthwiseConvStep(Mat& window, const Row& x, const Mat& w, const Mat* bias);
// The window (K-1 last rows, zero-padded at the front) after a parallel pass over x.
Mat convWindowAfter(const Mat& x, int kernel);

// Rotary position embedding (GPT-NeoX / Llama "rotate_half" layout) applied in place to
// the columns [h*headDim, (h+1)*headDim) of every head, at positions start, start+1, ...
void applyRope(Mat& x, int numHeads, int headDim, double theta, std::int64_t start);

// Row-wise L2 normalisation of each head's slice (as fla's l2norm, eps inside the sqrt).
void l2NormalizeHeads(Mat& x, int numHeads, int headDim, Real eps = Real(1e-6));

}  // namespace seqscope::ops
