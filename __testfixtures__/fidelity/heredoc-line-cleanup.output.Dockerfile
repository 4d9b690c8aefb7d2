FROM python:3.12-slim
RUN --mount=type=cache,target=/root/.cache/pip \
    cat <<EOF > /etc/pip.conf && pip install flask==3.0.3
[global]
timeout = 60
EOF
