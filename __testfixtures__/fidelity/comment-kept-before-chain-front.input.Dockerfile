# escape=`
FROM python:3.12-slim
RUN --mount=type=secret,id=netrc,target=/root/.netrc `
  set -o errexit && `  
  apt-get autoremove -y; `
  # clean up
  python -m pip cache purge || true && `

  python3 -m pip install requests 
