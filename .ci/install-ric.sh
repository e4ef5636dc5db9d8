#!/usr/bin/env bash
# Installs AWS's Node.js runtime interface client (aws-lambda-ric 3.x; 4.x needs Node 22) outside the
# project, for the test that runs it against Cumulo's Runtime API. It compiles aws-lambda-cpp and curl,
# so it needs autotools and cmake. Prints the directory to use as AWS_LAMBDA_RIC_DIR.
set -euo pipefail
dir="${1:-${TMPDIR:-/tmp}/cumulo-aws-lambda-ric}"
if [ ! -f "$dir/node_modules/aws-lambda-ric/bin/index.mjs" ]; then
  mkdir -p "$dir"
  echo '{"name":"ric","private":true,"allowScripts":{"aws-lambda-ric":true}}' > "$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund aws-lambda-ric@3 >&2
fi
echo "$dir/node_modules/aws-lambda-ric"
