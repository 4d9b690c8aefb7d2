FROM python:3.12-slim
RUN pip list --no-cache-dir --outdated
RUN PIP_NO_CACHE_DIR=1 python -c "import sys; print(sys.version)"
RUN some-tool --no-cache-dir install flask
