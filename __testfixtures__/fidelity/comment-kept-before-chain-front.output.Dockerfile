# escape=`
FROM python:3.12-slim
RUN --mount=type=secret,id=netrc,target=/root/.netrc `
  --mount=type=cache,target=/root/.cache/pip `
  set -o errexit && `  
  apt-get autoremove -y; `
  # clean up

  python3 -m pip install requests 
