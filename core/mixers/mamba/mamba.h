#pragma once
// Mamba (Gu & Dao 2023), as transformers' MambaMixer (slow_forward): x is projected to an
// inner stream u and a gate z (in_proj); u goes through a causal depthwise convolution and
// silu; from u come the input-dependent step dt (x_proj -> dt_proj -> softplus) and the
// input/output maps B and C (N each, shared by all channels). Every inner channel d runs its
// own diagonal SSM with A = -exp(A_log[d]) (N entries):
//   h_t = exp(dt_t[d] A[d]) h_{t-1} + dt_t[d] B_t u_t[d],   y_t[d] = C_t . h_t + D[d] u_t[d],
// then y * silu(z) goes through out_proj.
// The parallel form is the selective scan over time, parallel over channels; the recurrent
// form carries the same per-channel state plus the convolution window.
#include <memory>
#include <string>
#include <vector>

#include "core/mixers/mixer.h"
#include "core/mixers/mamba/mamba_config.h"

namespace seqscope {

class Mamba : public Mixer {
 public:
  explicit Mamba(const MambaConfig& config);

  std::string kind() const override { return "mamba"; }
  int dModel() const override { return config_.hiddenSize; }
  const MambaConfig& config() const { return config_; }

  void collectParameters(const std::string& prefix, ParameterList& out) override;

  Mat forward(const Mat& x, MixerState* finalState = nullptr) const override;
  std::unique_ptr<MixerState> newState() const override;
  Row step(MixerState& state, const Row& x) const override;

  // One "head" per inner channel d: weights(t, s) = sum_n C_t[n] exp(A[d,n] sum_{s<r<=t}
  // dt_r[d]) B_s[n] dt_s[d] for s <= t, plus D[d] on the diagonal; values = u[:, d] (T x 1).
  ImplicitAttention implicitAttention(const Mat& x) const override;
  Mat outputFromMixed(const Mat& x, const std::vector<Mat>& mixed) const override;

  MixerCost cost(std::int64_t T) const override;

  // Reverse mode of forward(). The scan is differentiated by a reverse time loop carrying
  // dL/dh per channel; h is recomputed forward per segment of 64 tokens from
  // checkpoints stored at segment starts (running the recurrence backwards divides by
  // exp(dt A) and is unstable), so memory is O(T I + segment I N), not O(T I N).
  Mat backward(const Mat& x, const Mat& dy, Gradients& grads) const override;

 private:
  // What the scan needs from x: the conv input (kept for the conv window), the activated
  // inner stream u and the gate z (T x I), the steps dt (T x I), and B, C (T x N).
  struct Features {
    Mat uIn, u, z, dt, B, C;
  };
  Features features(const Mat& x) const;
  // dt = softplus(dt_proj(x_proj(u)[:, :R])) and B, C from x_proj(u), for rows of u.
  void selection(const Mat& u, Mat& dt, Mat& B, Mat& C) const;
  // A = -exp(A_log), I x N.
  Mat negA() const;
  // y * silu(z), then out_proj.
  Mat finish(const Mat& z, const Mat& y) const;
  void checkInput(Eigen::Index cols, const char* what) const;

  MambaConfig config_;
  Mat inProj_, inProjBias_;   // 2I x D, 1 x 2I
  Mat conv_, convBias_;       // I x K, 1 x I
  Mat xProj_;                 // (R + 2N) x I
  Mat dtProj_, dtProjBias_;   // I x R, 1 x I
  Mat aLog_;                  // I x N
  Mat d_;                     // 1 x I
  Mat outProj_, outProjBias_; // D x I, 1 x D
};

}  // namespace seqscope
