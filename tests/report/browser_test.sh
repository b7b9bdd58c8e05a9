#!/usr/bin/env bash
# Browser test of the static site (TAP): records the bundled snapshots/ into
# a store as the demo does, renders the site, checks every local link of
# every page, then opens the index, a policy page and one diff page in
# headless Chromium (Debian's `chromium`, installed when missing and running
# as root; skipped when it cannot be had), saving screenshots under
# $PD_BUILD_ROOT/screenshots/ and failing on any console message (the pages
# carry no script, so any message is an error) or an empty screenshot.
# PD_UPDATE_SCREENSHOTS=1 also copies the diff page's screenshot to
# snapshots/screenshots/diff-page.png for the README.
set -uo pipefail
SRC=${PD_SOURCE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD=${PD_BUILD_ROOT:-$SRC/build}
PD=${PD_BIN:-$BUILD/policydiff}

skip_all() {
  echo "1..1"
  echo "ok 1 # SKIP $1"
  exit 0
}

browser=""
for b in chromium chromium-browser; do
  command -v "$b" >/dev/null 2>&1 && browser=$(command -v "$b") && break
done
if [ -z "$browser" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "# installing chromium" >&2
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq chromium >/dev/null 2>&1 ||
      { DEBIAN_FRONTEND=noninteractive timeout 300 apt-get update -qq >/dev/null 2>&1 &&
        DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq chromium >/dev/null 2>&1; }
    command -v chromium >/dev/null 2>&1 && browser=$(command -v chromium)
  fi
fi
[ -n "$browser" ] || skip_all "chromium is not installed and cannot be installed here"

work=$(mktemp -d "${TMPDIR:-/tmp}/policydiff-browser.XXXXXX")
trap 'rm -rf "$work"' EXIT
site=$BUILD/browser-site
shots=$BUILD/screenshots
rm -rf "$site"
mkdir -p "$shots"
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && sed 's/^/# /' <<<"$2"; }

echo "1..9"

# 1: the demo's store from the bundled captures, and its site
index=$SRC/snapshots/wayback.tsv
[ -f "$index" ] || index=$SRC/snapshots/wayback-index.tsv
{
  "$PD" init "$work/store" &&
    "$PD" -C "$work/store" add allbuy https://www.allbuy.example/policy --select main &&
    "$PD" -C "$work/store" add made-in-china https://www.made-in-china.example/privacy --select main &&
    while IFS=$'\t' read -r ts url status c4 c5; do
      case "$ts" in \#* | "") continue ;; esac
      file=$c4 # wayback.tsv: ... status file mimetype; older layout: ... mimetype file
      case "$c4" in */*) ;; *) file=$c5 ;; esac
      "$PD" -C "$work/store" record "${file%%/*}" "$SRC/snapshots/$file" --date "$ts" \
        --via wayback --wayback-ts "$ts" --source "$url" || exit 1
    done <"$index" &&
    "$PD" -C "$work/store" report --html "$site"
} >"$work/setup.log" 2>&1
if [ -f "$site/index.html" ]; then ok "store recorded from snapshots/ and site rendered"; else
  notok "store recorded from snapshots/ and site rendered" "$(tail -20 "$work/setup.log")"
fi

# 2: every local href/src of every page resolves
links=$(python3 - "$site" <<'PY'
import os, re, sys
from urllib.parse import unquote
root = sys.argv[1]
bad, pages, links = [], 0, 0
for d, _, files in os.walk(root):
    for f in files:
        if not f.endswith(".html"):
            continue
        pages += 1
        path = os.path.join(d, f)
        text = open(path, encoding="utf-8").read()
        for m in re.finditer(r'\b(?:href|src)="([^"]*)"', text):
            u = m.group(1).replace("&amp;", "&")
            if re.match(r"^[a-z]+:", u):
                if not u.startswith(("http://", "https://")):
                    bad.append(f"{path}: non-local scheme {u}")
                continue
            if u.startswith("#"):
                continue
            target = os.path.normpath(os.path.join(d, unquote(u.split("#")[0])))
            links += 1
            if not os.path.exists(target) or not target.startswith(os.path.abspath(root)):
                bad.append(f"{os.path.relpath(path, root)}: broken link {u}")
print(f"{pages} pages, {links} local links")
for b in bad[:20]:
    print("BROKEN " + b)
PY
)
if grep -q BROKEN <<<"$links" || [ -z "$links" ]; then notok "no broken link" "$links"; else ok "no broken link ($links)"; fi

# the diff page with the most substantive changes
diff_page=$(python3 - "$site" <<'PY'
import glob, os, sys
best, most = "", (-1, -1)
for f in sorted(glob.glob(os.path.join(sys.argv[1], "p", "allbuy", "*.html"))):
    t = open(f, encoding="utf-8").read().split("<details", 1)[0]
    score = (t.count("<del>") + t.count("<ins>"), t.count('<li class="change '))
    if score > most:
        best, most = f, score
print(best)
PY
)
[ -n "$diff_page" ] || diff_page=$site/index.html
pages=("index:$site/index.html" "policy:$site/p/allbuy/index.html" "diff-page:$diff_page")

chrome() { # out-flags... url
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d "$work/profile.XXXXXX")" --enable-logging=stderr --v=0 \
    --window-size=1200,1600 "$@"
}

# 3-8: screenshot and console of each page
for entry in "${pages[@]}"; do
  name=${entry%%:*}
  file=${entry#*:}
  rm -f "$shots/$name.png"
  chrome --screenshot="$shots/$name.png" "file://$file" >"$work/$name.out" 2>"$work/$name.err"
  if [ -s "$shots/$name.png" ]; then ok "$name: screenshot $shots/$name.png"; else
    notok "$name: screenshot" "$(tail -5 "$work/$name.err")"
  fi
  if grep -E ':CONSOLE|Uncaught' "$work/$name.err" >"$work/$name.console"; then
    notok "$name: no console message" "$(cat "$work/$name.console")"
  else ok "$name: no console message"; fi
done

# 9: the diff page as the browser built it: side-by-side highlights, no script
chrome --dump-dom "file://$diff_page" >"$work/dom.html" 2>/dev/null
if grep -q "<del>" "$work/dom.html" && grep -q "<ins>" "$work/dom.html" &&
  grep -q 'class="sides"' "$work/dom.html" && ! grep -qi "<script" "$work/dom.html"; then
  ok "diff page DOM has word highlights and no script"
else
  notok "diff page DOM has word highlights and no script" "$(head -c 400 "$work/dom.html")"
fi

# narrow (phone) screenshot, for looking at; not a test
chrome --window-size=390,1400 --screenshot="$shots/diff-page-phone.png" "file://$diff_page" >/dev/null 2>&1 || true
if [ "${PD_UPDATE_SCREENSHOTS:-}" = 1 ] && [ -s "$shots/diff-page.png" ]; then
  mkdir -p "$SRC/snapshots/screenshots"
  cp "$shots/diff-page.png" "$SRC/snapshots/screenshots/diff-page.png"
fi
[ "$fails" = 0 ]
