#!/usr/bin/env bash
set -euo pipefail
npx --yes esbuild --version
npm run build
# the npm cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
