#!/usr/bin/env bash
# Builds a golangci-lint v2 binary with the resetlint module plugin linked in.
#
#   scripts/golangci-custom.sh OUT      e.g. scripts/golangci-custom.sh bin/golangci-lint
#
# It needs nothing but the Go toolchain and the Go module proxy (GOPROXY):
# no git clone. The module tools/golangci-custom has a main that does what
# upstream's cmd/golangci-lint does, plus a blank import of ./plugin, and a
# replace directive pointing at this repository; its go.mod pins the
# golangci-lint version and its go.sum is committed, so the build is
# reproducible. A cold build downloads and compiles about 1,300 packages
# (about two minutes on two cores); a rebuild after a change to resetlint recompiles only
# what changed (seconds), through the Go build cache.
#
# To move to another golangci-lint version:
#   cd tools/golangci-custom && go get github.com/golangci/golangci-lint/v2@vX.Y.Z && go mod tidy
# and update `version:` in .custom-gcl.yml to match (a test checks they agree).
set -euo pipefail

if [ $# -ne 1 ] || [ -z "$1" ]; then
	echo "usage: $0 OUT   (path of the golangci-lint binary to write)" >&2
	exit 2
fi

repo=$(cd "$(dirname "$0")/.." && pwd)
module="$repo/tools/golangci-custom"
out=$1
case "$out" in
/*) ;;
*) out="$PWD/$out" ;;
esac
mkdir -p "$(dirname "$out")"

cd "$module"
start=$SECONDS
version=$(go list -m -f '{{.Version}}' github.com/golangci/golangci-lint/v2)
echo "golangci-custom: golangci-lint $version + resetlint plugin -> $out"

# Step 1: resolve the packages to build; this downloads the modules they
# need from the module proxy (nothing if the module cache has them).
echo "golangci-custom: [1/2] listing packages (downloads modules on first use) ..."
total=$(go list -deps . | grep -c .)
echo "golangci-custom:       $total packages, standard library included ($((SECONDS - start))s)"

# Step 2: build. `go build -v` names each package it compiles (cached ones
# are skipped, so a warm build counts few), which drives the progress lines.
echo "golangci-custom: [2/2] compiling (a cold build takes minutes, a warm one seconds) ..."
built=0
go build -v -ldflags "-s -w" -o "$out" . 2>&1 | while IFS= read -r line; do
	case "$line" in
	# Package paths have no spaces; anything else is a compiler message.
	*" "* | "") echo "$line" ;;
	*)
		built=$((built + 1))
		if [ $((built % 100)) -eq 0 ]; then
			echo "golangci-custom:       compiled $built of at most $total packages ($((SECONDS - start))s)"
		fi
		;;
	esac
done
# The pipeline's status is the build's (pipefail).

echo "golangci-custom: done in $((SECONDS - start))s: $("$out" version 2>&1 | head -n 1)"
