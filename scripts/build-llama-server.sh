#!/usr/bin/env bash
# Builds llama.cpp's llama-server, offline, from the source node-llama-cpp ships (its git bundle), and
# caches it outside the repo. Prints the binary's path. The remote-engine tests serve fixtures with it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bundle="$root/node_modules/node-llama-cpp/llama/gitRelease.bundle"
[ -f "$bundle" ] || { echo "error: $bundle is missing: run npm ci first" >&2; exit 2; }
commit="$(git bundle list-heads "$bundle" | awk 'NR==1 {print $1}')"
cache="${DECODING_LAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/decoding-lab}/llama-server-${commit:0:12}"
binary="$cache/llama-server"
if [ -x "$binary" ]; then echo "$binary"; exit 0; fi

for tool in git cmake g++; do
  command -v "$tool" > /dev/null || { echo "error: $tool is needed to build llama-server (apt-get install -y git cmake g++)" >&2; exit 2; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q "$bundle" "$work/src" 2> /dev/null || git clone -q "$bundle" "$work/src"
git -C "$work/src" checkout -q "$commit"
jobs="$(nproc 2> /dev/null || echo 2)"
# CPU only, tuned for this machine (the cache is per machine), static libraries; no curl (offline), no tests.
cmake -S "$work/src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF -DLLAMA_CURL=OFF \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=ON -DGGML_NATIVE=ON > "$work/cmake.log" 2>&1 \
  || { tail -20 "$work/cmake.log" >&2; exit 1; }
cmake --build "$work/build" --target llama-server -j "$jobs" > "$work/build.log" 2>&1 || { tail -30 "$work/build.log" >&2; exit 1; }
mkdir -p "$cache"
cp "$work/build/bin/llama-server" "$binary.tmp"
mv "$binary.tmp" "$binary"
echo "$binary"
