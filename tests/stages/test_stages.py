#!/usr/bin/env python3
"""test_stages.py - an include that goes up a floor fails the build (TAP).

Usage: test_stages.py STAGES_DIR TABLE -- CC...

STAGES_DIR is the build's stages/ folder (one include tree per stage, made
by scripts/lib/stage_tree.py); TABLE is "stage:below,below;stage:..." from
meson.build.  For every stage and every module, compiles a one-line file
that includes the module's main header with exactly the include flags the
stage's library is built with: it must compile when the module is the stage
itself or below it, and fail with the header not found otherwise.  Test 2
is the one issue 18 names, expected to fail whatever the table says: align
including classify/classify.h; so are the pairs of APART (report including
the store or the fetcher), whatever the table says.  Test 1 checks the
table against FLOORS and APART.
"""
import os
import subprocess
import sys
import tempfile

HEADERS = {
    'util': 'util/error.h',
    'normalize': 'normalize/normalize.h',
    'segment': 'segment/segment.h',
    'align': 'align/align.h',
    'classify': 'classify/classify.h',
    'report': 'report/report.h',
    'store': 'store/store.h',
    'fetch': 'fetch/http.h',
    'ingest': 'ingest/ingest.h',
    'notify': 'notify/notify.h',
    'cli': 'cli/cli.h',
}


# The floors of src/README.md: a stage may include only lower floors.  Kept
# here as well as in meson.build, so widening the table there to let a stage
# include upward fails this test instead of passing it.
FLOORS = {
    'util': 0,
    'normalize': 1,
    'fetch': 1,
    'segment': 2,
    'store': 2,
    'align': 3,
    'classify': 4,
    'report': 5,
    'ingest': 6,
    'notify': 6,
    'cli': 7,
}


# Beside each other though on different floors: report takes data, it does
# not read the store or fetch (the orchestration floor does, issue 18).
APART = [('report', 'store'), ('report', 'fetch')]


def compile_one(cc, tree, header, tmp):
    src = os.path.join(tmp, 'probe.c')
    with open(src, 'w') as f:
        f.write('#include "%s"\nint pd_probe(void);\nint pd_probe(void) { return 0; }\n' % header)
    cmd = cc + ['-std=c11', '-D_POSIX_C_SOURCE=200809L', '-D_DEFAULT_SOURCE', '-fsyntax-only',
                '-I' + os.path.join(tree, 'src'), '-I' + os.path.join(tree, 'gen'), src]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return p.returncode, p.stdout


def not_found(out, header):
    return header in out and ('No such file' in out or 'file not found' in out)


def main(argv):
    sep = argv.index('--')
    stages_dir, table = argv[1], argv[2]
    cc = argv[sep + 1:]
    allowed = {}
    for entry in table.split(';'):
        name, _, below = entry.partition(':')
        allowed[name] = set([name] + [b for b in below.split(',') if b])
    pinned = [('align', 'classify')] + APART
    cases = list(pinned)
    for stage in allowed:
        for module in HEADERS:
            if (stage, module) not in cases:
                cases.append((stage, module))
    print('1..%d' % (len(cases) + 1))
    failed = 0
    upward = ['%s -> %s' % (s, m) for s in allowed for m in allowed[s]
              if m != s and (FLOORS[m] >= FLOORS[s] or (s, m) in APART)]
    print('%s 1 - the table in meson.build only goes down a floor%s' %
          ('not ok' if upward else 'ok', ': ' + ', '.join(upward) if upward else ''))
    failed += bool(upward)
    with tempfile.TemporaryDirectory() as tmp:
        for n, (stage, module) in enumerate(cases, 2):
            header = HEADERS[module]
            rc, out = compile_one(cc, os.path.join(stages_dir, stage), header, tmp)
            if module in allowed[stage] and (stage, module) not in pinned:
                ok = rc == 0
                what = '%s may include %s: compiles' % (stage, header)
            else:
                ok = rc != 0 and not_found(out, header)
                what = '%s may not include %s: not found, the build fails' % (stage, header)
            print('%s %d - %s' % ('ok' if ok else 'not ok', n, what))
            if not ok:
                failed += 1
                for line in out.splitlines()[:10]:
                    print('# ' + line)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
