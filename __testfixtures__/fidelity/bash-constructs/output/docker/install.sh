#!/bin/bash
# Build dependencies; this script uses bash-only syntax on purpose.
set -euo pipefail
shopt -s extglob

apt-get update
pkgs=(curl git "jq")
apt-get install -y --no-install-recommends "${pkgs[@]}"
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)

if [[ "$(dpkg --print-architecture)" =~ ^(amd64|arm64)$ ]]; then
  echo "supported architecture"
fi

while read -r req; do
  pip install "$req"
done < <(grep -v '^#' /opt/docker/requirements.txt)

read -r py_major py_minor <<< "$(python3 -c 'import sys; print(*sys.version_info[:2])')"
echo "python ${py_major}.${py_minor}"

case "${PROFILE:-full}" in
  full) echo "full profile" ;&
  slim) echo "slim profile" ;;&
  *) echo "done" ;;
esac

# vendored sources we do not ship, and the package lists
rm -rf /opt/vendor/!(LICENSES|NOTICE) /var/lib/apt/lists/*

for f in /etc/apt/sources.list.d/!(*.sources); do
  echo "legacy source list: $f"
  pip cache purge
done

# the pip cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
