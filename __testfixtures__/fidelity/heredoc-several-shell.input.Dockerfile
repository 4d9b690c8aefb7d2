FROM debian:bookworm
RUN <<SETUP bash && <<CHECK python3
set -e
apt-get update
apt-get install -y --no-install-recommends python3
apt-get clean
SETUP
import shutil
print("apt-get clean" if shutil.which("apt-get") else "no apt")
CHECK
