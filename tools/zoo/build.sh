#!/usr/bin/env bash
# Rebuilds the default model zoo (see tools/zoo/README.md). Extra arguments go to build.py,
# e.g. `bash tools/zoo/build.sh --smoke`.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec /usr/bin/python3 tools/zoo/build.py --jobs 2 "$@"
