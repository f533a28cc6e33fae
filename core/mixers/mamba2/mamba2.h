#pragma once
// Mamba-2 (Dao & Gu 2024), as transformers' Mamba2Mixer (torch_forward): in_proj gives the
// gate z (I), the conv stream xBC (I + 2 G N) and the raw step dt (H). xBC goes through a
// causal depthwise convolution and silu and splits into x (H heads of P), B and C (G groups
// of N; head h reads group h / (H / G)). With dt = clamp(softplus(dt + dt_bias)) and the
// scalar A_h = -exp(A_log[h]), each head keeps S (P x N):
//   S_t = exp(dt_t A_h) S_{t-1} + dt_t x_t B_t^T,   y_t = S_t C_t + D_h x_t,
// then y goes through MambaRMSNormGated (rmsNorm(y * silu(z)) over all I channels) and
// out_proj. The parallel form is the chunked SSD algorithm: per chunk a quadratic
// (attention-like) form with segment-sum decays, and the state passed between chunks.
#include <memory>
#include <string>
#include <vector>

#include "core/mixers/mixer.h"
#include "core/mixers/mamba2/mamba2_config.h"

namespace seqscope {

class Mamba2 : public Mixer {
 public:
  explicit Mamba2(const Mamba2Config& config);

  std::string kind() const override { return "mamba2"; }
  int dModel() const override { return config_.hiddenSize; }
  const Mamba2Config& config() const { return config_; }

  void collectParameters(const std::string& prefix, ParameterList& out) override;

  Mat forward(const Mat& x, MixerState* finalState = nullptr) const override;
  std::unique_ptr<MixerState> newState() const override;
  Row step(MixerState& state, const Row& x) const override;

  // Per head: weights(t, s) = (C_t . B_s) exp(A sum_{s<r<=t} dt_r) dt_s for s <= t, plus D
  // on the diagonal; values = x of the head (T x P).
  ImplicitAttention implicitAttention(const Mat& x) const override;
  Mat outputFromMixed(const Mat& x, const std::vector<Mat>& mixed) const override;

  MixerCost cost(std::int64_t T) const override;

  // Reverse mode of forward(). The SSM is differentiated by a reverse time loop per head
  // carrying dL/dS (the token recurrence, not the chunked form: same function, simpler
  // adjoint). S is recomputed forward per segment of 64 tokens from checkpoints stored at
  // segment starts, so memory is O(T I + segment H P N), not O(T H P N).
  Mat backward(const Mat& x, const Mat& dy, Gradients& grads) const override;

  // The SSD of one head, exposed so tests can drive it with hand-made inputs. x: T x P,
  // B, C: T x N, dt: length T (after softplus and clamp), A < 0 the scalar decay rate.
  // S (P x N) is the state before the first row and receives the state after the last.
  // Returns y without the D skip. Chunked; T need not be a multiple of chunkSize.
  static Mat ssdHead(const Mat& x, const Mat& B, const Mat& C, const Vec& dt, double A,
                     int chunkSize, Mat& S);

 private:
  // What the mixing needs from x: the gate z (T x I), the conv input (kept for the conv
  // window), the activated x (T x I), B and C (T x G*N) and dt (T x H, final).
  struct Features {
    Mat z, xbcIn, x, B, C, dt;
  };
  Features features(const Mat& x) const;
  // Splits an in_proj output (rows) into z, the conv input and the activated dt.
  void splitProjection(const Mat& proj, Mat& z, Mat& xbc, Mat& dt) const;
  // Gated RMSNorm with z, then out_proj.
  Mat finish(const Mat& z, const Mat& y) const;
  int convDim() const { return config_.numHeads * config_.headDim + 2 * config_.nGroups * config_.stateSize; }
  int groupOf(int head) const { return head / (config_.numHeads / config_.nGroups); }
  void checkInput(Eigen::Index cols, const char* what) const;

  Mamba2Config config_;
  Mat inProj_, inProjBias_;    // (2I + 2GN + H) x D, 1 x (2I + 2GN + H)
  Mat conv_, convBias_;        // (I + 2GN) x K, 1 x (I + 2GN)
  Mat dtBias_, aLog_, d_;      // 1 x H each
  Mat norm_;                   // 1 x I
  Mat outProj_, outProjBias_;  // D x I, 1 x D
};

}  // namespace seqscope
