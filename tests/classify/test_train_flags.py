#!/usr/bin/env python3
"""test_train_flags.py - the word clusters of scripts/train_flags (TAP).

Usage: test_train_flags.py TRAIN_FLAGS WORD_CLUSTERS_TSV

1. Folding a cluster's weights into its stems' scores every change exactly
   as the unfolded model with its "x:kw.N" features does, in all three
   heads (the classifier reads only the folded weights).
2. A stem the training never saw gets its cluster's weights, and two such
   stems of one cluster score alike.
3. word_clusters.tsv parses: one cluster per stem, every stem a word stem
   the classifier can produce (no tab, no space), and clusters numbered
   from 0.
"""
import importlib.machinery
import importlib.util
import random
import sys


def load(path):
    loader = importlib.machinery.SourceFileLoader("train_flags", path)
    spec = importlib.util.spec_from_loader("train_flags", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def scores(w, fs, n):
    s = [0.0] * n
    for f in fs:
        for j, x in enumerate(w.get(f, [0.0] * n)):
            s[j] += x
    return s


def main():
    tf = load(sys.argv[1])
    clusters = tf.load_clusters(sys.argv[2])
    n = sum(len(c) for _, c in tf.HEADS)
    print("1..3")

    rnd = random.Random(5)
    stems = sorted(clusters)[:400]
    ids = sorted(set(clusters[s] for s in stems))
    w = {"w:" + s: [rnd.uniform(-1, 1) for _ in range(n)] for s in stems[::3]}
    w.update({"x:kw.%d" % k: [rnd.uniform(-1, 1) for _ in range(n)] for k in ids[::2]})
    w["rk:new practice"] = [rnd.uniform(-1, 1) for _ in range(n)]
    folded = tf.fold_clusters(w, clusters)
    worst = 0.0
    for _ in range(200):
        fs = ["w:" + s for s in rnd.sample(stems, 12)] + ["rk:new practice", "w:notastem"]
        a = scores(w, tf.with_clusters(fs, clusters), n)
        b = scores(folded, fs, n)
        worst = max(worst, max(abs(x - y) for x, y in zip(a, b)))
    ok = worst < 1e-9 and not any(f.startswith("x:kw.") for f in folded)
    print("%s 1 - folded weights score as the unfolded model (largest difference %g)"
          % ("ok" if ok else "not ok", worst))

    unseen = [s for s in stems if "w:" + s not in w and "x:kw.%d" % clusters[s] in w]
    pair = next(((a, b) for a in unseen for b in unseen
                 if a < b and clusters[a] == clusters[b]), None)
    ok = pair is not None and folded["w:" + pair[0]] == folded["w:" + pair[1]] == \
        w["x:kw.%d" % clusters[pair[0]]]
    print("%s 2 - unseen stems of one cluster carry its weights %s"
          % ("ok" if ok else "not ok", pair))

    bad = [s for s in clusters if not s or any(c in s for c in " \t")]
    k = sorted(set(clusters.values()))
    ok = len(clusters) > 1000 and not bad and k[0] == 0 and k[-1] == len(k) - 1
    print("%s 3 - %d stems in %d clusters, %d malformed"
          % ("ok" if ok else "not ok", len(clusters), len(k), len(bad)))


if __name__ == "__main__":
    main()
