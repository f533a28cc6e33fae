#!/usr/bin/env python3
"""Accuracy of the shipped TRMs against the number of supervision steps, beside the same-size
single-pass models: runs `seqscope eval --json` (1,000 fresh puzzles each, deterministic),
keeps the numbers in docs/data/trm_accuracy_by_steps.json and draws
docs/trm_accuracy_by_steps.png with `seqscope chart`. Usage: tools/trm_chart.py [SEQSCOPE]"""
import json, os, subprocess, sys, tempfile

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
seqscope = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build/release/app/seqscope")
runs = [("trm-sudoku9", "sudoku9"), ("single-pass-sudoku9", "sudoku9"),
        ("trm-maze", "maze"), ("single-pass-maze", "maze"), ("trm-sudoku4", "sudoku4")]
data = {}
for model, task in runs:
    out = subprocess.run([seqscope, "eval", "--model", os.path.join(root, "resources/models", model),
                          "--task", task, "--json"], check=True, capture_output=True, text=True).stdout
    data[model] = json.loads(out)
    print(model, data[model]["accuracy"], data[model]["accuracy_by_steps"])
with open(os.path.join(root, "docs/data/trm_accuracy_by_steps.json"), "w") as f:
    json.dump(data, f, indent=1)

colors = {"sudoku9": 0, "maze": 1, "sudoku4": 2}
series = []
for model, task in runs:
    acc = data[model]["accuracy_by_steps"]
    single = model.startswith("single-pass")
    series.append({"name": f"{model} (exact, n={data[model]['n']})",
                   "points": [[k + 1, a * 100] for k, a in enumerate(acc)],
                   "points_visible": True, "dashed": single, "color": colors[task]})
spec = {"title": "Tiny Recursive Models: puzzles solved against supervision steps",
        "note": "exact match without halting after k supervision steps (2 cycles of 2 latent updates each); single pass = the same network run once",
        "x": {"title": "supervision steps k", "min": 0, "max": 10},
        "y": {"title": "puzzles solved exactly (%)", "min": 0, "max": 100},
        "series": series}
with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
    json.dump(spec, f)
try:
    subprocess.run([seqscope, "chart", "--json", f.name, "--out",
                    os.path.join(root, "docs/trm_accuracy_by_steps.png"), "--size", "1200x700"], check=True)
finally:
    os.unlink(f.name)
