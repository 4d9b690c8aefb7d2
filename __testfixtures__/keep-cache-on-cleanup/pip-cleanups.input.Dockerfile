FROM python:3.12-slim
RUN pip install --no-cache-dir -r requirements.txt && \
    pip cache purge && \
    rm -rf /root/.cache/pip
RUN python3 -m pip install flask && python3 -m pip cache remove flask && rm -rf /root/.cache/pip /tmp/*
