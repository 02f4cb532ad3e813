#!/usr/bin/env bash
# The test command README.md gives: installs what the tests need where it is missing (Debian packages, the npm
# packages of the editor tests and the VS Code extension), then runs every test project. `.ci/run` calls exactly
# this. Extra arguments go to `dotnet test` (e.g. --filter).
set -euo pipefail
cd "$(dirname "$0")"

packages=()
# Graphviz's dot: the graph command's svg format and the test that lays out its DOT output.
command -v dot >/dev/null || packages+=(graphviz)
# Fashion-MNIST: the training tests' real data set.
[ -d /usr/share/datasets/fashion-mnist ] || packages+=(dataset-fashion-mnist)
# ONNX's own checker validates every exported model (python3-onnx, under /usr/bin/python3).
/usr/bin/python3 -c "import onnx" 2>/dev/null || packages+=(python3-onnx)
# Debian's PyTorch runs the emitted PyTorch code and its DDP trainer.
/usr/bin/python3 -c "import torch, torchvision" 2>/dev/null || packages+=(python3-torch python3-torchvision)
# The language server's real-client tests: Neovim's built-in LSP client, and Node for the vscode-languageserver
# client, the VS Code extension's build (esbuild, vsce) and its grammar test.
command -v nvim >/dev/null || packages+=(neovim)
command -v node >/dev/null || packages+=(nodejs npm)
# The viewer's browser tests drive Debian's Chromium through Playwright (its own browser download is not reachable).
command -v chromium >/dev/null || packages+=(chromium)
# VS Code itself (npm's code-server, installed by its test into ~/.cache/incept-tests) builds native modules.
dpkg -s build-essential libkrb5-dev >/dev/null 2>&1 || packages+=(build-essential python3 libkrb5-dev)
if [ ${#packages[@]} -gt 0 ]; then
  echo "test.sh: installing ${packages[*]}" >&2
  SUDO=$(command -v sudo || true)
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi

# npm packages: the editor client tests and the extension's build, once per lock file.
for folder in tests/editor compiler/Inception.VsCode; do
  if [ ! -d "$folder/node_modules" ] || [ "$folder/package-lock.json" -nt "$folder/node_modules" ]; then
    (cd "$folder" && npm ci --no-audit --no-fund)
  fi
done

# Every test project, one at a time (two cores), with a closing "N passed, N failed" line summed over them.
log=$(mktemp)
set +e
dotnet test Inception.Dsl.sln -m:1 "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{ s += $2 } END { print s + 0 }')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{ s += $2 } END { print s + 0 }')
rm -f "$log"
echo "$passed passed, $failed failed"
exit "$status"
