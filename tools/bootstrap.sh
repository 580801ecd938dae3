#!/usr/bin/env bash
# Generates configure and the Makefile.in files when they are missing or older than their sources.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
newest=$(find configure.ac -name configure.ac -newer configure 2>/dev/null || true)
if [ ! -x configure ] || [ -n "$newest" ]; then
  autoreconf -fi > /dev/null
fi
