FROM debian:bookworm
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    <<SETUP bash && <<CHECK python3
set -e
apt-get update
apt-get install -y --no-install-recommends python3
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
SETUP
import shutil
print("apt-get clean" if shutil.which("apt-get") else "no apt")
CHECK
