#!/usr/bin/env python3
"""Writes the two headers of a lazily loaded library (see src/store/gitlib.h).

usage: gen_lazylib.py TABLE LIST SYMS_H REDIRECT_H

LIST holds one exported function name a line ('#' starts a comment).
SYMS_H gets the X-macro PD_<TABLE>_SYMBOLS(X), one X(name) per function;
REDIRECT_H gets, per function, '#define name (pd_<table>.name)' so that code
including it after the library's own header calls through the table.
Adding a function to LIST is the whole change needed to call it.
"""
import re
import sys

table, listfile, syms_h, redirect_h = sys.argv[1:5]
names = []
with open(listfile, encoding='utf-8') as f:
    for lineno, line in enumerate(f, 1):
        name = line.split('#', 1)[0].strip()
        if not name:
            continue
        if not re.fullmatch(r'[A-Za-z_][A-Za-z0-9_]*', name):
            sys.exit(f'{listfile}:{lineno}: not a C identifier: {name!r}')
        if name in names:
            sys.exit(f'{listfile}:{lineno}: listed twice: {name}')
        names.append(name)

up = table.upper()
head = f'/* Generated from {listfile.split("/")[-1]} by scripts/lib/gen_lazylib.py: do not edit. */\n'
with open(syms_h, 'w', encoding='utf-8') as f:
    f.write(head)
    f.write(f'#ifndef PD_{up}_SYMS_H\n#define PD_{up}_SYMS_H\n')
    f.write(f'#define PD_{up}_SYMBOLS(X)')
    for n in names:
        f.write(f' \\\n    X({n})')
    f.write('\n#endif\n')
with open(redirect_h, 'w', encoding='utf-8') as f:
    f.write(head)
    f.write(f'#ifndef PD_{up}_REDIRECT_H\n#define PD_{up}_REDIRECT_H\n')
    for n in names:
        # #undef first: some names are also macros (curl's type-checking
        # wrappers around curl_easy_setopt and curl_easy_getinfo).
        f.write(f'#undef {n}\n#define {n} (pd_{table}.{n})\n')
    f.write('#endif\n')
