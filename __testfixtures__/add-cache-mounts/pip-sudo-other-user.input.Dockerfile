FROM python:3.12-slim
RUN useradd --create-home app
RUN sudo -u app pip install --user --no-cache-dir flask
RUN sudo -u root pip install --no-cache-dir gunicorn
