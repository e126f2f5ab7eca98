#!/usr/bin/env bash
# The README's install, as a user does it: `npm pack`, then `npm install -g` of the tarball into a
# temporary prefix; `corpus-audit` must then be on PATH and work from any folder (ingest, score
# with the packaged models, pages). Run by .ci/run after the build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$root"
npm pack --silent --pack-destination "$tmp" >/dev/null
# onnxruntime-node's install script would download CUDA binaries from outside the npm registry.
if ! ONNXRUNTIME_NODE_INSTALL=skip npm install -g --prefix "$tmp/prefix" --prefer-offline --no-audit --no-fund \
  "$tmp"/corpus-audit-*.tgz >"$tmp/install.log" 2>&1; then
  cat "$tmp/install.log"
  echo "check-install: npm install -g of the packed tarball failed" >&2
  exit 1
fi
export PATH="$tmp/prefix/bin:$PATH"
mkdir "$tmp/work"
cd "$tmp/work"
echo "check-install: $(command -v corpus-audit) $(corpus-audit --version)"
corpus-audit ingest "$root/tests/fixtures/warc/dolma--sample-0000.warc.gz" --workers 0 --db a.sqlite >/dev/null
corpus-audit score --db a.sqlite | tail -1
corpus-audit pages --db a.sqlite --limit 1 | tail -1
