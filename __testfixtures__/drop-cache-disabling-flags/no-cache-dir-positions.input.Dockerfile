FROM python:3.12-slim
RUN pip install --no-cache-dir flask
RUN pip install flask --no-cache-dir
RUN pip3 install --no-cache-dir -r requirements.txt --no-cache-dir
RUN pip install \
    --no-cache-dir \
    --upgrade \
    pip
RUN python3 -m pip install --upgrade pip && \
    python3 -m pip install --no-cache-dir --prefix=/install .
