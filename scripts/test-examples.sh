#!/bin/sh
# Builds and tests everything under docs/examples, so the examples never rot.
# CI runs this from the repository root: scripts/test-examples.sh
# Needs python3 and jq on PATH (the exec plugin examples use them).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

echo "== exec plugins (Python, shell): YAML tests and spec examples"
swift build --product reportkit
reportkit="$(swift build --show-bin-path)/reportkit"
"$reportkit" test docs/examples/exec-python
"$reportkit" validate docs/examples/exec-python/redact-brief.yaml
if "$reportkit" validate --no-exec docs/examples/exec-python/redact-brief.yaml 2>/dev/null; then
    echo "error: --no-exec accepted a pipeline that declares plugins" >&2
    exit 1
fi

echo "== Swift plugin package: unit tests, then the reportkit-test command plugin"
cd docs/examples/swift-plugin
swift test
swift package reportkit-test
echo "== examples ok"
