FROM python:3.12-slim
RUN useradd --create-home app
RUN sudo -u app pip install --user --no-cache-dir flask
RUN --mount=type=cache,target=/root/.cache/pip \
    sudo -u root pip install gunicorn
