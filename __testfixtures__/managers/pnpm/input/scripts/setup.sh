#!/bin/sh
set -e
pnpm install --frozen-lockfile
pnpm store prune
