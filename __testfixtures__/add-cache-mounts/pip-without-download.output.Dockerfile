FROM python:3.12-slim
RUN pip list
RUN pip freeze > /requirements.lock
RUN python3 -m pip --version && pip3 show flask
RUN pip check
