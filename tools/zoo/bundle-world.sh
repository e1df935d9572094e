#!/usr/bin/env bash
# Bundles the world CLI (tools/cli/src/world-main.ts) into one self-contained CommonJS file, so the
# zoo's datasets can be generated on a machine that has node but not the npm workspace:
#   bash tools/zoo/bundle-world.sh OUT.cjs
#   python3 tools/zoo/build.py --world-cli "node OUT.cjs" …
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?usage: bundle-world.sh OUT.cjs}
npx esbuild tools/cli/src/world-main.ts --bundle --platform=node --format=cjs --target=node20 \
  --log-level=warning --outfile="$out"
