#!/usr/bin/env bash
# Prints the path of a livekit-server binary, installing the pinned version first if needed.
#
# Order of preference:
#   1. $LIVEKIT_SERVER_BIN, if set (must be executable)
#   2. `livekit-server` already on PATH
#   3. the pinned version in the project cache (.cache/bin), built before
#   4. build the pinned version from the Go module proxy into the project cache
# Otherwise it explains how to get one and exits 1.
# `--check` only tells: exit 0 when 1–3 give a binary, 1 when it would have to be built.
set -euo pipefail

# v1.13.6 and later replace pion modules with LiveKit forks that the Go module proxy
# does not serve (403), so they cannot be built with `go install`; v1.13.5 can.
LIVEKIT_SERVER_VERSION="${LIVEKIT_SERVER_VERSION:-v1.13.5}"
GO_MIN_VERSION="1.26"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_BIN="${KIOSK_CACHE_DIR:-$ROOT/.cache}/bin"
TARGET="$CACHE_BIN/livekit-server-$LIVEKIT_SERVER_VERSION"

if [ -n "${LIVEKIT_SERVER_BIN:-}" ]; then
  if [ -x "$LIVEKIT_SERVER_BIN" ]; then
    echo "$LIVEKIT_SERVER_BIN"
    exit 0
  fi
  echo "LIVEKIT_SERVER_BIN=$LIVEKIT_SERVER_BIN is not an executable file" >&2
  exit 1
fi

if command -v livekit-server >/dev/null 2>&1; then
  command -v livekit-server
  exit 0
fi

if [ -x "$TARGET" ]; then
  echo "$TARGET"
  exit 0
fi

if [ "${1:-}" = "--check" ]; then
  echo "livekit-server $LIVEKIT_SERVER_VERSION is not built yet" >&2
  exit 1
fi

explain() {
  cat >&2 <<MSG
Could not get a livekit-server binary: $1
Any of these works:
  - install Go $GO_MIN_VERSION or newer (https://go.dev/dl/) and run this script again; it runs
      go install github.com/livekit/livekit-server/cmd/server@$LIVEKIT_SERVER_VERSION
  - install LiveKit's release build: curl -sSL https://get.livekit.io | bash   (Linux)
                                     brew install livekit                       (macOS)
  - point LIVEKIT_SERVER_BIN at a livekit-server binary you already have
MSG
  exit 1
}

command -v go >/dev/null 2>&1 || explain "the go command is not installed"

go_version="$(go env GOVERSION | sed 's/^go//')"
if [ "$(printf '%s\n%s\n' "$GO_MIN_VERSION" "$go_version" | sort -V | head -n1)" != "$GO_MIN_VERSION" ]; then
  explain "go $go_version is older than the $GO_MIN_VERSION that livekit-server $LIVEKIT_SERVER_VERSION needs"
fi

mkdir -p "$CACHE_BIN"
build_dir="$(mktemp -d "$CACHE_BIN/.build.XXXXXX")"
trap 'rm -rf "$build_dir"' EXIT
echo "building livekit-server $LIVEKIT_SERVER_VERSION with go $go_version (once; cached in $CACHE_BIN)" >&2
if ! GOBIN="$build_dir" GOFLAGS=-trimpath go install \
    "github.com/livekit/livekit-server/cmd/server@$LIVEKIT_SERVER_VERSION" >&2; then
  explain "go install failed (see the messages above)"
fi
mv "$build_dir/server" "$TARGET"
echo "$TARGET"
