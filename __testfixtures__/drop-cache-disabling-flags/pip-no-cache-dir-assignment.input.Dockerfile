FROM python:3.12-slim
RUN PIP_NO_CACHE_DIR=1 pip install flask
RUN PIP_NO_CACHE_DIR=off PIP_DISABLE_PIP_VERSION_CHECK=1 python -m pip install requests
RUN PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=true pip3 install rich
