#!/usr/bin/env bash
# Builds the Rust example policies with Debian's offline toolchain (rustc + libstd-rust-dev-wasm32
# + lld). rustup's stable has no wasm32 target and cannot download one, so Debian's rustc is called
# by its full path (rustup's shim comes first on PATH). Output is deterministic: paths are remapped.
# A policy declaring `component_exports!` is then wrapped into a component (componentize.mjs, jco
# from node_modules: run `npm ci` first).
# Usage: build-rust.sh [OUT_DIR]   (default: next to each source)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rustc=/usr/bin/rustc
[ -x "$rustc" ] || { echo "Debian rustc missing: apt-get install rustc libstd-rust-dev-wasm32 lld" >&2; exit 1; }
for dir in "$here"/examples/*/; do
  [ -f "$dir/policy.rs" ] || continue
  name="$(basename "$dir")"
  out="${1:-$dir}"
  mkdir -p "$out"
  core="$out/$name.wasm"
  component=false
  if grep -q 'component_exports!' "$dir/policy.rs"; then component=true; core="$(mktemp -d)/$name.core.wasm"; fi
  (cd "$here" && "$rustc" --edition 2021 --target wasm32-unknown-unknown --crate-type cdylib \
    -C opt-level=s -C lto -C strip=symbols -C panic=abort \
    --remap-path-prefix "$here=." -o "$core" "examples/$name/policy.rs")
  if $component; then node "$here/componentize.mjs" "$core" "$out/$name.wasm"; rm -r "$(dirname "$core")"; fi
  echo "built examples/$name/$name.wasm"
done
