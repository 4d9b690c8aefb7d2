FROM python:3.12-slim
RUN cat <<EOF > /etc/pip.conf && pip install --no-cache-dir flask==3.0.3 && pip cache purge
[global]
timeout = 60
EOF
