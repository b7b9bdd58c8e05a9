#!/usr/bin/env python3
"""Scores the change flags on a development set of real clause changes
(labelled_changes.json: acceptable categories, severities and impacts per
case) through build/tests/classify/eval_changes, the whole diff pipeline.

Figures, each the share of cases where the prediction is acceptable:
  category  the main category of the worst change is one of `cat` (where a
            terms-of-service clause is labelled `other`, the terms categories
            disputes, content-license, liability, termination and payment
            count too)
  severity  the worst change's severity is one of `sev`
  impact    the worst change's impact is one of `impact`
  cosmetic  "every change is severity none" equals the case's `cosmetic`
  exit      `diff` exits 0 where `sev` accepts none, 1 where it accepts
            low, medium or high

Each pair is read with the two whole versions it comes from (old_commit /
new_commit of Open Terms Archive's Contrib bundle, ../shared/ota/ by
default, --ota to name it) as `diff` reads them: a clause restated
elsewhere in the other version is no new practice (pd_diff_apply_versions).
Without the bundle the pairs are read alone, and the output says so.

Held-out: services are split into 5 folds (largest first, each to the
fold with the fewest cases so far); a fold is scored with what was tuned
without it (the model weights trained on the other four folds, see
scripts/train_flags); the figure is the mean over the folds.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

TOS_CATS = {"disputes", "content-license", "liability", "termination", "payment"}
FIELDS = ["category", "severity", "impact", "cosmetic", "exit"]


def folds_of(cases, k=5):
    counts = {}
    for c in cases:
        counts[c["service"]] = counts.get(c["service"], 0) + 1
    sizes = [0] * k
    fold = {}
    for svc in sorted(counts, key=lambda s: (-counts[s], s)):
        i = min(range(k), key=lambda j: (sizes[j], j))
        fold[svc] = i
        sizes[i] += counts[svc]
    return fold


def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


class Versions:
    """Whole versions of the cases' documents, from a clone of the bundle."""

    def __init__(self, bundle):
        self.dir = tempfile.mkdtemp(prefix="pd-versions-")
        self.git = os.path.join(self.dir, "ota.git")
        self.files = {}
        self.ok = subprocess.run(["git", "clone", "-q", "--bare", bundle, self.git],
                                 capture_output=True).returncode == 0

    def path(self, case, key):
        commit = case.get(key)
        if not self.ok or not commit:
            return None
        name = "%s/%s.md" % (case["service"], case["document"])
        k = (commit, name)
        if k not in self.files:
            r = subprocess.run(["git", "-C", self.git, "show", "%s:%s" % (commit, name)],
                               capture_output=True)
            out = None
            if r.returncode == 0:
                out = os.path.join(self.dir, "v%d.md" % len(self.files))
                with open(out, "wb") as f:
                    f.write(r.stdout)
            self.files[k] = out
        return self.files[k]

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


VERSIONS = None


def predict(tool, cases, weights=None):
    """Runs the tool over cases; returns {id: prediction dict}."""
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
        for c in cases:
            row = [c["id"], c["op"], esc(c["old"]), esc(c["new"])]
            if VERSIONS:
                vo, vn = VERSIONS.path(c, "old_commit"), VERSIONS.path(c, "new_commit")
                if vo and vn:
                    row += [vo, vn]
            f.write("\t".join(row) + "\n")
        path = f.name
    cmd = [tool] + (["--weights", weights] if weights else []) + [path]
    try:
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(path)
    preds = {}
    for line in out.splitlines():
        f = line.split("\t")
        preds[f[0]] = {"sev": f[1], "impact": f[2], "main": f[3],
                       "cats": [x for x in f[4].split(",") if x],
                       "cosmetic": f[5] == "1", "exit": int(f[6]), "reasons": f[7]}
    return preds


def judge(c, p):
    cats = set(c["cat"])
    if "other" in cats:
        cats |= TOS_CATS
    sev_none = "none" in c["sev"]
    sev_some = any(s in c["sev"] for s in ("low", "medium", "high"))
    return {
        "category": p["main"] in cats,
        "severity": p["sev"] in c["sev"],
        "impact": p["impact"] in c["impact"],
        "cosmetic": p["cosmetic"] == bool(c["cosmetic"]),
        "exit": (p["exit"] == 0 and sev_none) or (p["exit"] == 1 and sev_some),
    }


def score(cases, preds):
    ok = {k: 0 for k in FIELDS}
    for c in cases:
        j = judge(c, preds[c["id"]])
        for k in FIELDS:
            ok[k] += j[k]
    n = max(len(cases), 1)
    return {k: ok[k] / n for k in FIELDS}


def row(name, n, s):
    return "| %s | %d | %s |" % (name, n, " | ".join("%.3f" % s[k] for k in FIELDS))


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", default="build/tests/classify/eval_changes")
    ap.add_argument("--fold-weights", help="directory of fold0.txt..fold4.txt (held-out run)")
    ap.add_argument("--weights", help="whole-set run with these weights, not the built-in ones")
    ap.add_argument("-v", action="store_true", help="print every case that misses (of the "
                    "held-out run with --fold-weights)")
    ap.add_argument("--ota", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "../../../shared/ota/contrib-versions.bundle"),
                    help="Open Terms Archive bundle holding the cases' whole versions")
    ap.add_argument("--pairs-only", action="store_true", help="read each pair alone")
    ap.add_argument("--second", help="a second reading of some cases (second_reading.json): "
                    "how far two readers agree, beside the flags on the same cases")
    ap.add_argument("sets", nargs="+")
    a = ap.parse_args(argv)
    global VERSIONS
    if not a.pairs_only and os.path.exists(a.ota):
        VERSIONS = Versions(a.ota)
    if not VERSIONS or not VERSIONS.ok:
        print("(pairs read alone: no versions bundle at %s)\n" % a.ota)
    try:
        return run(a)
    finally:
        if VERSIONS:
            VERSIONS.close()


def as_prediction(reading):
    """A reader's first answers, as a prediction judge() can score."""
    sev = reading["sev"][0]
    return {"main": reading["cat"][0], "sev": sev, "impact": reading["impact"][0],
            "cosmetic": bool(reading["cosmetic"]), "exit": 0 if sev == "none" else 1}


def agreement(name, cases, second, held):
    """Rows: the second reader's first answers scored against the labels
    (and the labels' first answers against the second reader's lists), and
    the flags, held out, on the same cases."""
    by_id = {c["id"]: c for c in cases}
    mine = [r for r in second if r["id"] in by_id]
    if not mine:
        return
    n = len(mine)
    a = {k: sum(judge(by_id[r["id"]], as_prediction(r))[k] for r in mine) / n for k in FIELDS}
    b = {k: sum(judge(r, as_prediction(by_id[r["id"]]))[k] for r in mine) / n for k in FIELDS}
    print(row("%s: a second reader's answers against the labels" % name, n, a))
    print(row("%s: the labels' first answers against the second reading" % name, n, b))
    if held:
        f = {k: sum(judge(by_id[r["id"]], held[r["id"]])[k] for r in mine) / n for k in FIELDS}
        print(row("%s: the flags, held out, on the same cases" % name, n, f))


def run(a):
    print("| set | cases | " + " | ".join(FIELDS) + " |")
    print("|---|---|" + "---|" * len(FIELDS))
    for path in a.sets:
        cases = json.load(open(path))
        preds = predict(a.tool, cases, a.weights)
        print(row(os.path.basename(path) + ", whole set", len(cases), score(cases, preds)))
        held = {}
        if a.fold_weights:
            fold = folds_of(cases)
            per, sizes = [], []
            for i in range(5):
                part = [c for c in cases if fold[c["service"]] == i]
                sizes.append(len(part))
                w = os.path.join(a.fold_weights, "fold%d.txt" % i)
                p = predict(a.tool, part, w)
                held.update(p)
                per.append(score(part, p))
            mean = {k: sum(s[k] for s in per) / 5 for k in FIELDS}
            print(row(os.path.basename(path) + ", held out (mean of 5 folds by service)",
                      len(cases), mean))
            print("| %s, held out, lowest-highest fold | %d-%d | %s |" % (
                os.path.basename(path), min(sizes), max(sizes),
                " | ".join("%.2f-%.2f" % (min(s[k] for s in per), max(s[k] for s in per))
                           for k in FIELDS)))
        if a.second:
            agreement(os.path.basename(path), cases, json.load(open(a.second)), held)
        if a.v:
            # the held-out run's misses where there is one: those say what
            # the flags get wrong on services nobody tuned on
            shown = held or preds
            print("\nmisses of the %s run:" % ("held-out" if held else "whole-set"))
            for c in cases:
                p = shown[c["id"]]
                j = judge(c, p)
                miss = [k for k in FIELDS if not j[k]]
                if miss:
                    print("\n%s %s (%s) miss %s" % (c["id"], c["service"], c["op"], ",".join(miss)))
                    print("  old: %s\n  new: %s" % (c["old"][:300], c["new"][:300]))
                    print("  got: %s %s %s cos=%d | want: %s %s %s cos=%d" % (
                        p["main"], p["sev"], p["impact"], p["cosmetic"], "/".join(c["cat"]),
                        "/".join(c["sev"]), "/".join(c["impact"]), c["cosmetic"]))
                    print("  why: %s\n  reasons: %s" % (c["why"], p["reasons"][:300]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
