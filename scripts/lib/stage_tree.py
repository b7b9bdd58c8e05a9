#!/usr/bin/env python3
"""stage_tree.py - the include tree of one stage (library) of src/.

Usage: stage_tree.py OUT SRC GEN VERSION_H MODULE...

Makes OUT/src/<m> a link to SRC/<m> and OUT/gen/<m> a link to GEN/<m> (the
build folder, where the generated headers are) for each MODULE the stage may
include, and OUT/src/pd_version.h a link to VERSION_H.  A stage compiles with
-IOUT/src -IOUT/gen and no other project include folder, so
`#include "<m>/x.h"` of a module it may not include is not found and the
build fails.  OUT is emptied first: the tree is exactly the table in
meson.build.
"""
import os
import shutil
import sys


def main(argv):
    if len(argv) < 5:
        sys.stderr.write(__doc__)
        return 2
    out, src, gen, version_h = argv[1:5]
    modules = argv[5:]
    if os.path.isdir(out) and not os.path.islink(out):
        shutil.rmtree(out)
    for sub in ('src', 'gen'):
        os.makedirs(os.path.join(out, sub))
    for m in modules:
        os.symlink(os.path.join(src, m), os.path.join(out, 'src', m))
        os.symlink(os.path.join(gen, m), os.path.join(out, 'gen', m))
    os.symlink(version_h, os.path.join(out, 'src', 'pd_version.h'))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
