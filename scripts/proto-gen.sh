#!/usr/bin/env bash
# Regenerates the ts-proto code in libs/proto-ts/src/gen/ from proto/ and proto-vendor/.
# The folder is emptied first so that code of deleted protos disappears. Works offline: buf and
# the ts-proto plugin both come from node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly gen_dir='libs/proto-ts/src/gen'

rm -rf -- "$gen_dir"
npx --no-install buf generate
echo "proto-gen: regenerated $gen_dir"
