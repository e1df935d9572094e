#!/usr/bin/env bash
# Checks the contracts: buf lint, buf format, and that the committed generated code in
# libs/proto-ts/src/gen/ is exactly what the current protos generate. Exits non-zero with a
# readable message on the first failure. Works offline.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly gen_dir='libs/proto-ts/src/gen'

buf() { npx --no-install buf "$@"; }
fail() {
  printf '\nproto-check: FAILED: %s\n' "$1" >&2
  exit 1
}

echo 'proto-check: buf lint'
buf lint || fail 'buf lint found the problems listed above.'

echo 'proto-check: buf format'
buf format --diff --exit-code || fail 'protos are not formatted; run `npx buf format -w`.'

echo 'proto-check: generated code is up to date'
tmp_dir="$(mktemp -d)"
trap 'rm -rf -- "$tmp_dir"' EXIT
buf generate --output "$tmp_dir"
if ! changes="$(diff -r -u "$gen_dir" "$tmp_dir/$gen_dir")"; then
  head -n 80 <<<"$changes" >&2
  fail "$gen_dir differs from what the protos generate; run \`bash scripts/proto-gen.sh\` and commit the result."
fi

echo 'proto-check: OK'
