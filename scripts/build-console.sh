#!/usr/bin/env bash
# Builds the web console (web/console) into a directory of static files that public-api serves at `/`
# (its CONSOLE_DIR): <outDir>/index.html and <outDir>/assets/ (names hashed by content).
# Usage: scripts/build-console.sh <outDir>   (public-api's Dockerfile runs it after build-service.sh)
# Needs Node 24 and npm; uses the workspace's packages when installed, else installs the locked versions of
# what the build reads (an image build copies sources only).
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 <outDir>" >&2
  exit 2
fi
out_dir=$(mkdir -p "$1" && cd "$1" && pwd)
readonly out_dir
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT

if [[ ! -e "$ROOT/node_modules" ]]; then
  # The packages the console's build imports, at the lockfile's versions, where Node finds them from
  # web/console, libs/api-client and libs/contracts (the repository's node_modules, which an image build lacks).
  modules_home=$(mktemp -d)
  packages=$(node -e '
    const lock = require(process.argv[1]).packages;
    const pick = (name) => (lock[`web/console/node_modules/${name}`] ?? lock[`node_modules/${name}`]).version;
    const names = ["vite", "preact", "uplot", "openapi-fetch", "jsqr", "qrcode", "typebox"];
    console.log(names.map((name) => `${name}@${pick(name)}`).join(" "));
  ' "$ROOT/package-lock.json")
  # shellcheck disable=SC2086 # one word per package
  npm install --prefix "$modules_home" --no-audit --no-fund --prefer-offline --loglevel=error $packages
  mkdir -p "$modules_home/node_modules/@homeport"
  ln -s "$ROOT/libs/api-client" "$modules_home/node_modules/@homeport/api-client"
  # The QR scanner's claim code parser (contracts, which needs typebox; only that parser ends in the bundle).
  ln -s "$ROOT/libs/contracts" "$modules_home/node_modules/@homeport/contracts"
  ln -s "$modules_home/node_modules" "$ROOT/node_modules"
  trap 'rm -f "$ROOT/node_modules"; rm -rf "$modules_home"' EXIT
fi

cd "$ROOT/web/console"
vite=$(node -p 'require("node:path").join(require.resolve("vite/package.json", { paths: ["."] }), "../bin/vite.js")')
node "$vite" build --outDir "$out_dir" --emptyOutDir
echo "build-console: web console built in $out_dir"
