FROM python:3.12-slim
RUN <<'EOF'
pip install --no-cache-dir -r /tmp/requirements.txt
pip cache purge
EOF
RUN <<"EOF"
apt-get update
apt-get install -y --no-install-recommends libpq5
apt-get clean
EOF
