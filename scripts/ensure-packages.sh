#!/usr/bin/env bash
# Run before `npm test` (and, with `demo`, before `npm run demo`): the system packages some tests
# need, from Debian, never downloaded by npm:
# - chromium: the browser tests drive Debian's chromium through playwright-core;
# - python3-torch: the collapse harness's transformer backend trains with Debian's PyTorch, and
#   libopenblas0-pthread, without which Debian's torch multiplies matrices 4-5x slower.
# Installs what is missing when we may (root with apt-get); otherwise says what to do. The demo
# needs only chromium, and goes on without it (its JavaScript-only site is then skipped).
set -euo pipefail
for_what="${1:-test}"
chromium="${CORPUS_AUDIT_CHROMIUM:-/usr/bin/chromium}"
python="${CORPUS_AUDIT_PYTHON:-/usr/bin/python3}"
missing=()
[ -x "$chromium" ] || missing+=(chromium)
if [ "$for_what" = test ]; then
  "$python" -c 'import torch' >/dev/null 2>&1 || missing+=(python3-torch)
  dpkg -s libopenblas0-pthread >/dev/null 2>&1 || ! command -v dpkg >/dev/null 2>&1 || missing+=(libopenblas0-pthread)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "corpus-audit: installing ${missing[*]} from Debian for the ${for_what} (python3-torch takes a few minutes)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
if [ "$for_what" = demo ]; then
  echo "corpus-audit: chromium is not installed (sudo apt-get install chromium); the demo goes on and skips its JavaScript-only site" >&2
  exit 0
fi
echo "corpus-audit: the tests need ${missing[*]}: sudo apt-get install ${missing[*]}" >&2
echo "(or point CORPUS_AUDIT_CHROMIUM at a chromium binary, CORPUS_AUDIT_PYTHON at a Python with torch)" >&2
exit 1
