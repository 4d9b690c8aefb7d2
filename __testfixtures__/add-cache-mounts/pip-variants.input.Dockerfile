FROM python:3.12-slim
COPY requirements.txt /tmp/requirements.txt
RUN pip install -r /tmp/requirements.txt
RUN pip3 install flask
RUN pip3.12 install --upgrade setuptools
RUN python -m pip install requests
RUN python3 -m pip download -d /wheels numpy
RUN pip wheel --wheel-dir /wheels .
RUN python3.12 -m pip install -U pip
