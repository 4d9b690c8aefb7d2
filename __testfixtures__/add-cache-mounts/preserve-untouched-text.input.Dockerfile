# Build image   
FROM python:3.12-slim AS app 

# system deps
run apt-get update && apt-get install -y curl


ENV PYTHONUNBUFFERED=1	 
  # python deps
RUN pip install flask   