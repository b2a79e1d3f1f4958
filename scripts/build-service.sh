#!/usr/bin/env bash
# Builds one service into a directory that is exactly what its image runs:
#   <outDir>/dist/main.js      the service, bundled (workspace libs inlined, third-party packages external)
#   <outDir>/dist/migrate.js   its migrate-only entry point (services with migrations; scripts/migrate/)
#   <outDir>/dist/<name>.js    other entry points the service's package.json lists ("homeport": {"entryPoints"})
#   <outDir>/migrations/       its migrations, where main.js and migrate.js look for them (../migrations)
#   <outDir>/package.json      its third-party dependencies (app + libs, transitively), pinned to the lockfile
#   <outDir>/node_modules/     those, installed without dev dependencies
# Usage: scripts/build-service.sh <service> <outDir>   (the Dockerfiles and CI run this same script)
# Needs Node 24 and npm; uses the workspace's esbuild when installed, else installs the locked version.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 <service> <outDir>" >&2
  exit 2
fi
readonly service=$1
readonly out_dir=$2
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT

node_bin=node
[[ -x "$ROOT/node_modules/.bin/node" ]] && node_bin="$ROOT/node_modules/.bin/node"
if ! "$node_bin" -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 24 ? 0 : 1)'; then
  echo "build-service: needs Node 24 or later ($node_bin is $("$node_bin" --version))" >&2
  exit 1
fi
if [[ -e "$out_dir" && -n "$(ls -A "$out_dir")" ]]; then
  echo "build-service: $out_dir is not empty" >&2
  exit 1
fi

esbuild_home=$ROOT
if [[ ! -d "$ROOT/node_modules/esbuild" ]]; then
  # In an image build only the sources are copied: install the locked esbuild, nothing else.
  esbuild_home=$(mktemp -d)
  trap 'rm -rf "$esbuild_home"' EXIT
  version=$("$node_bin" -p "require('$ROOT/package-lock.json').packages['node_modules/esbuild'].version")
  npm install --prefix "$esbuild_home" --no-audit --no-fund --prefer-offline --loglevel=error "esbuild@$version"
fi

"$node_bin" "$ROOT/scripts/build-service/bundle.mts" "$service" "$out_dir" "$esbuild_home"
# `npm install`, not `npm ci`: there is no lockfile of the service alone (versions are pinned in its
# package.json), and the workspace lockfile lacks other platforms' optional binaries (README Troubleshooting).
(cd "$out_dir" && npm install --omit=dev --no-audit --no-fund --prefer-offline --loglevel=error)
echo "build-service: $service built in $out_dir"
