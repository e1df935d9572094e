#!/usr/bin/env bash
# The whole test suite: lint, type check, proto checks (lint, format, generation diff), the zoo smoke
# run, then jest. `.ci/run` calls `npm test`, which runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=true

step() { printf '\n== %s ==\n' "$1"; }

step 'proto: buf lint, format and generation diff'
bash scripts/proto-check.sh

step 'typecheck'
npx tsc -p tsconfig.json --noEmit

step 'lint'
# The module-boundary rule reads Nx's project graph; without a cached graph it silently skips, so
# compute the graph first.
npx nx show projects > /dev/null
npx eslint --max-warnings 0 .

if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import torch, onnx' 2>/dev/null; then
  step 'model zoo: recipe unit tests and smoke rebuild'
  (cd tools/zoo && /usr/bin/python3 -m unittest discover -s tests -t . 2>&1)
  bash tools/zoo/build.sh --smoke
else
  echo 'model zoo smoke run needs python3-torch and python3-onnx (apt-get install python3-torch python3-onnx python3-pil)' >&2
  exit 1
fi

step 'jest'
npx jest --ci "$@"
