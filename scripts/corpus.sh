#!/usr/bin/env bash
# Runs resetlint over code it did not write and checks the quality gates:
# no panic, no hang (a time bound per package set), the same output twice,
# and every suggested fix, applied in an overlay, leaves code that builds.
#
#   scripts/corpus.sh            std, and every module of the module cache
#                                that the project (or tools/golangci-custom)
#                                depends on
#   scripts/corpus.sh -slice     only the standard net packages (CI)
#
# Further flags go to internal/corpuscheck (-timeout 15m, -batch 10).
# It prints a summary: packages, findings per pass, fixes applied and
# verified; it exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/resetlint" ./cmd/resetlint
go run ./internal/corpuscheck -tool "$bin/resetlint" "$@"
