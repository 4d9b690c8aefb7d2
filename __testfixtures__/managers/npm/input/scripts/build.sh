#!/usr/bin/env bash
set -euo pipefail
npx --yes esbuild --version
npm run build
npm cache clean --force
