# shellcheck shell=bash
# Shared by scripts/test, scripts/demo and the benchmarks: install what is
# missing (Debian 12 packages) and build.  Source it; do not run it.
set -euo pipefail
PD_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

pd_deps_debian=(meson ninja-build pkg-config gcc python3 libxml2-dev libxml2-utils zlib1g-dev
  libcurl4-openssl-dev libgit2-dev libjansson-dev libutf8proc-dev libcriterion-dev git
  libpoppler-glib-dev
  clang-format shellcheck)

pd_missing_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  echo "${missing[@]:-}"
}

# pd_install PKG... : installs the packages that are missing (apt-get as root).
pd_install() {
  local missing
  missing=$(pd_missing_packages "$@")
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" = 0 ]; then
    echo "installing: $missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "missing Debian packages: $missing" >&2
    echo "install them with: sudo apt-get install $missing" >&2
    exit 2
  fi
}

pd_install_deps() {
  pd_install "${pd_deps_debian[@]}"
}

# pd_build DIR [meson options...]: configures DIR once, then builds it.
pd_build() {
  local dir=$1
  shift
  if [ ! -f "$PD_ROOT/$dir/build.ninja" ]; then
    meson setup "$PD_ROOT/$dir" "$PD_ROOT" --werror "$@" >"$PD_ROOT/$dir.setup.log" 2>&1 || {
      cat "$PD_ROOT/$dir.setup.log" >&2
      return 1
    }
  fi
  ninja -C "$PD_ROOT/$dir" >"$PD_ROOT/$dir.ninja.log" 2>&1 || {
    tail -50 "$PD_ROOT/$dir.ninja.log" >&2
    return 1
  }
}
