#!/usr/bin/env bash
# Run before `npm test`: the browser tests drive Debian's chromium (never a downloaded browser).
# Installs it from Debian when it is missing and we may; otherwise says what to do.
set -euo pipefail
chromium="${CORPUS_AUDIT_CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "corpus-audit: installing Debian's chromium for the browser tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "corpus-audit: the browser tests need chromium at $chromium; install it (sudo apt-get install chromium)" >&2
echo "or point CORPUS_AUDIT_CHROMIUM at a chromium binary" >&2
exit 1
