#!/bin/bash
set -euo pipefail

cleanup() {
  # the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
  :
}
trap cleanup EXIT

apt-get update
apt-get install -y --no-install-recommends libpq5
pip install psycopg==3.2.3
# the pip cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
