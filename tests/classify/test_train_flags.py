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
4. The model is the mean of the weights trained in ORDERS orders (seeds
   SEED..SEED+ORDERS-1): the same examples give the same weights, and
   those are the mean of the single orders' weights.
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
    print("1..4")

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

    # a toy set: two words that tell the severity apart, one that does not
    ex = []
    for i in range(24):
        sev = i % 2
        fs = ["b", "w:alpha" if sev else "w:beta", "w:gamma", "w:g%d" % (i % 3)]
        tg = {"cat": [0], "sev": [1 + sev], "impact": [0]}
        ex.append((fs, tg))
    tf.SEED, tf.ORDERS = 7, 3
    mean = tf.train(ex)
    again = tf.train(ex)
    singles = [tf.train1(ex, 7 + k) for k in range(3)]
    worst = max(abs(mean[f][j] - sum(w[f][j] for w in singles) / 3)
                for f in mean for j in range(n))
    differ = any(singles[0][f] != singles[1][f] for f in singles[0])
    sev = len(tf.CATS)
    ok = (mean == again and worst < 1e-12 and differ and set(mean) == set(singles[0]) and
          mean["w:alpha"][sev + 2] > mean["w:alpha"][sev + 1] and
          mean["w:beta"][sev + 1] > mean["w:beta"][sev + 2])
    print("%s 4 - three orders averaged (largest difference %g; orders differ: %s)"
          % ("ok" if ok else "not ok", worst, differ))


if __name__ == "__main__":
    main()
