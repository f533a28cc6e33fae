#!/usr/bin/env python3
"""Makes the tiny Hugging Face checkpoints that Seqscope's loader is tested against.

For each of LlamaForCausalLM, MistralForCausalLM (sliding window), MambaForCausalLM and
Mamba2ForCausalLM it builds a tiny randomly initialised model with transformers, saves it with
save_pretrained (config.json + model.safetensors, float32) and writes expected_logits.json: the
model's logits computed in float64 for two token sequences (24 and 150 tokens).

Weights are re-drawn with larger spreads than transformers' 0.02 init so that logits are O(1)
and a 1e-4 tolerance means something. Run on the device machine (it has torch + transformers):
    python3 tools/make_hf_fixtures.py OUT_DIR
"""
import json
import math
import os
import sys

import torch
import transformers
from transformers import (LlamaConfig, LlamaForCausalLM, Mamba2Config, Mamba2ForCausalLM,
                          MambaConfig, MambaForCausalLM, MistralConfig, MistralForCausalLM)

VOCAB = 61


def spread_weights(model, gen):
    """Re-draw weights so that activations stay O(1) through the tiny stack."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("A_log") or name.endswith(".D") or name.endswith("dt_bias") \
                    or name.endswith("dt_proj.bias"):
                p.add_(0.1 * torch.randn(p.shape, generator=gen, dtype=p.dtype))
            elif "norm" in name:
                p.copy_(1.0 + 0.2 * torch.randn(p.shape, generator=gen, dtype=p.dtype))
            elif p.dim() == 3:  # conv1d (C, 1, K)
                p.copy_(torch.randn(p.shape, generator=gen, dtype=p.dtype) / math.sqrt(p.shape[-1]))
            elif p.dim() == 2:
                fan_in = p.shape[1]
                std = 0.5 if "embed" in name else 1.0 / math.sqrt(fan_in)
                p.copy_(std * torch.randn(p.shape, generator=gen, dtype=p.dtype))
            else:  # biases
                p.copy_(0.1 * torch.randn(p.shape, generator=gen, dtype=p.dtype))


def make(name, model, out_root, gen):
    spread_weights(model, gen)
    model.eval()
    d = os.path.join(out_root, name)
    model.save_pretrained(d, safe_serialization=True)
    seqs = []
    for length in (24, 150):
        tokens = torch.randint(0, VOCAB, (1, length), generator=gen)
        with torch.no_grad():
            logits = model.double()(input_ids=tokens, use_cache=False).logits[0]
        model.float()
        seqs.append({"tokens": tokens[0].tolist(),
                     "logits": [[float(v) for v in row] for row in logits.tolist()]})
        print(name, length, "max |logit|", float(logits.abs().max()))
    with open(os.path.join(d, "expected_logits.json"), "w") as f:
        json.dump({"transformers": transformers.__version__, "torch": torch.__version__,
                   "dtype": "float64", "sequences": seqs}, f)


def main():
    out = sys.argv[1]
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(1234)
    common = dict(vocab_size=VOCAB, hidden_size=32, num_hidden_layers=2, tie_word_embeddings=False)
    make("llama", LlamaForCausalLM(LlamaConfig(
        intermediate_size=48, num_attention_heads=4, num_key_value_heads=2, rms_norm_eps=1e-5,
        rope_theta=10000.0, max_position_embeddings=512, attn_implementation="eager", **common)),
        out, gen)
    make("mistral", MistralForCausalLM(MistralConfig(
        intermediate_size=48, num_attention_heads=4, num_key_value_heads=1, rms_norm_eps=1e-6,
        rope_theta=1000.0, sliding_window=16, max_position_embeddings=512,
        attn_implementation="eager", **common)), out, gen)
    make("mamba", MambaForCausalLM(MambaConfig(
        vocab_size=VOCAB, hidden_size=32, num_hidden_layers=2, state_size=8, expand=2,
        conv_kernel=4, time_step_rank="auto", use_conv_bias=True, use_bias=False,
        tie_word_embeddings=True)), out, gen)
    make("mamba2", Mamba2ForCausalLM(Mamba2Config(
        vocab_size=VOCAB, hidden_size=32, num_hidden_layers=2, state_size=8, expand=2,
        num_heads=8, head_dim=8, n_groups=2, conv_kernel=4, chunk_size=16, use_conv_bias=True,
        use_bias=False, tie_word_embeddings=False)), out, gen)


if __name__ == "__main__":
    main()
