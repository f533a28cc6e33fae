#!/usr/bin/env python3
"""The two charts of the README's diffusion section, drawn by Seqscope itself: turns
docs/data/{accuracy_vs_nfe,data_learners}.json into `seqscope chart` specs and renders
docs/accuracy_vs_nfe.png and docs/data_learners.png. Usage: tools/diffusion_charts.py [SEQSCOPE]"""
import json, os, subprocess, sys, tempfile

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
seqscope = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build/release/app/seqscope")


def render(spec, out):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(spec, f)
    try:
        subprocess.run([seqscope, "chart", "--json", f.name, "--out", out, "--size", "1200x700"], check=True)
    finally:
        os.unlink(f.name)
    print("wrote", out)


nfe = json.load(open(os.path.join(root, "docs/data/accuracy_vs_nfe.json")))
series = []
for model in sorted({r["model"] for r in nfe["rows"]}):
    rows = sorted((r for r in nfe["rows"] if r["model"] == model), key=lambda r: r["nfe"])
    series.append({"name": f"{model} ({rows[0]['sampler']}, n={rows[0]['n']})",
                   "points": [[r["nfe"], r["token_accuracy"] * 100] for r in rows],
                   "points_visible": True, "dashed": rows[0]["sampler"] == "ar"})
render({"title": "Answer tokens right against network evaluations (NFE)",
        "note": "diffusion at steps = L, L/2, L/4, L/8; AR needs L (one point). Exact-match figures are in the README table.",
        "x": {"title": "network evaluations per answer (log)", "log": True, "log_base": 2},
        "y": {"title": "answer tokens right (%)", "min": 0, "max": 100},
        "series": series}, os.path.join(root, "docs/accuracy_vs_nfe.png"))

dl = json.load(open(os.path.join(root, "docs/data/data_learners.json")))
series = []
for run in dl["runs"]:
    series.append({"name": f"{run['objective']}: validation loss",
                   "points": [[e, l] for e, l in zip(run["epoch"], run["val_loss"])]})
render({"title": f"Repeating {dl['train_set']} additions for many epochs: validation loss per epoch",
        "note": f"{dl['model']}; the same fixed training set for AR and diffusion ({dl['steps_per_epoch']} steps of {dl['batch_size']} per epoch)",
        "x": {"title": "epoch"},
        "y": {"title": "validation loss (nats per answer token)", "include_zero": True},
        "series": series}, os.path.join(root, "docs/data_learners.png"))
