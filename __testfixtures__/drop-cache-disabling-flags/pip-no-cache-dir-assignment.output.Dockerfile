FROM python:3.12-slim
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install flask
RUN --mount=type=cache,target=/root/.cache/pip \
    PIP_DISABLE_PIP_VERSION_CHECK=1 python -m pip install requests
RUN --mount=type=cache,target=/root/.cache/pip \
    PIP_DISABLE_PIP_VERSION_CHECK=1 pip3 install rich
