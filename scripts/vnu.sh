#!/usr/bin/env bash
# Fetch the Nu HTML checker (vnu.jar, from the npm package vnu-jar) into .cache/vnu/ when it
# is missing, and print its path. tests/landwatch/test_accessibility.py runs it over every page
# the browser suite renders. The jar is never committed (.cache/ is gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=26.9.27
DIR=.cache/vnu
JAR=$DIR/vnu-$VERSION.jar
if [ ! -s "$JAR" ]; then
  command -v npm >/dev/null 2>&1 || { echo "npm is needed to fetch vnu-jar@$VERSION" >&2; exit 2; }
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "vnu-jar@$VERSION" >/dev/null && tar xzf "vnu-jar-$VERSION.tgz")
  mkdir -p "$DIR"
  mv "$tmp/package/build/dist/vnu.jar" "$JAR.part" && mv "$JAR.part" "$JAR"
fi
echo "$PWD/$JAR"
