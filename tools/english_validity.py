#!/usr/bin/env python3
"""Grammaticality of generated English: how many generated sentences the task's grammar accepts.

Exact match means nothing for the templated English task (the grammar picks words at random),
so this measures what a sampler should preserve: each complete sentence ("... .") of a
generation is parsed against the grammar of core/tasks/english_task.h (number agreement
included). Runs `seqscope generate` on prompts of one letter each (the first
letters of sentences) for every sampler setting given, and writes JSON to stdout.

usage: tools/english_validity.py SEQSCOPE MODEL_DIR SETTING [SETTING ...]
  SETTING: "ar" (the AR sampler), STEPS (diffusion, one block) or STEPS/BLOCK_LENGTH
"""
import json
import re
import subprocess
import sys

DET_SG, DET_PL = ["the", "a"], ["the", "some", "two"]
ANIMAL = "cat dog bird frog girl boy king horse".split()
THING = "ball cake book hat cup kite bell".split()
ADJ = "big small red green happy sad tall tiny".split()
VT = "see like find hold want take need help".split()
VI = "run sleep sing jump wait smile swim walk".split()
ADV = "slowly quickly quietly happily".split()
PREP = "in near under behind".split()
PLACE = "park house garden river hill forest".split()


def alt(words):
    return "(?:" + "|".join(words) + ")"


def np(plural, nouns):
    det = alt(DET_PL if plural else DET_SG)
    noun = alt([n + "s" for n in nouns]) if plural else alt(nouns)
    return f"{det}(?: {alt(ADJ)})? {noun}"


def sentence_regex():
    forms = []
    for plural in (False, True):
        subj = np(plural, ANIMAL)
        s = "" if plural else "s"
        vt, vi = alt([v + s for v in VT]), alt([v + s for v in VI])
        obj = f"(?:{np(False, ANIMAL + THING)}|{np(True, ANIMAL + THING)})"
        pp = f"{alt(PREP)} the {alt(PLACE)}"
        be = "are" if plural else "is"
        forms += [f"{subj} {vt} {obj}", f"{subj} {vi}", f"{subj} {vi} {alt(ADV)}",
                  f"{subj} {vt} {obj} {pp}", f"{subj} {be} {alt(ADJ)}", f"{subj} {vi} {pp}"]
    return re.compile("^(?:" + "|".join(forms) + r")\.$")


GRAMMAR = sentence_regex()


def sentences(prompt, answer, words=False):
    # A word-level model's answer is words joined by spaces, after the prompt's word.
    text = (prompt + (" " if words and answer[:1] not in ("", ".") else "") + answer).rstrip("_ ")
    # Complete sentences only: the text after the last period may be cut off by the length.
    parts = [p.strip() + "." for p in text.split(".")[:-1]]
    return [p for p in parts if p != "."]


def main():
    binary, model, settings = sys.argv[1], sys.argv[2], sys.argv[3:]
    # Every sentence starts with a determiner (the, a, some, two); one-token prompts keep the
    # answer at the length the model was trained on (63 characters, or 24 words for a
    # word-level model: english_words).
    vocab = [l.rstrip("\n") for l in open(model + "/vocab.txt", encoding="utf-8")]
    words = any(len(t) > 1 and t.isalpha() for t in vocab)
    prompts = ["the", "a", "some"] if words else ["t", "a", "s"]
    seeds = range(1, 9)
    results = []
    for setting in settings:
        ok = total = clean = 0
        for seed in seeds:
            for prompt in prompts:
                args = [binary, "generate", "--model", model, "--prompt", prompt, "--json"]
                if setting == "ar":
                    args += ["--temperature", "1", "--seed", str(seed)]
                else:
                    steps, _, block = setting.partition("/")
                    args += ["--steps", steps, "--temperature", "1", "--seed", str(seed)]
                    if block:
                        args += ["--block-length", block]
                out = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
                sents = sentences(prompt, out["answer"], words)
                good = sum(bool(GRAMMAR.match(s)) for s in sents)
                ok += good
                total += len(sents)
                clean += good == len(sents) and len(sents) > 0
        results.append({"setting": setting, "sentences": total, "grammatical": ok,
                        "grammatical_fraction": ok / max(1, total),
                        "generations": len(seeds) * len(prompts), "all_grammatical": clean})
    json.dump({"model": model, "temperature": 1, "results": results}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
