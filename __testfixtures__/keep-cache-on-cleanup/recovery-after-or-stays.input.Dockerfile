FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# a retry that first clears a damaged cache: it runs only when npm ci fails, so it stays
RUN npm ci || (npm cache clean --force && npm ci)
# the same cleanup on the normal path goes
RUN npm ci && npm cache clean --force
# pip: the fallback's rm stays, the first install's flag goes
RUN pip install --no-cache-dir -r requirements.txt || (rm -rf /root/.cache/pip/* && pip install -r requirements.txt)
# a fallback that deletes the cache folder itself would fail on a mount point: no mount there
RUN pip install flask || (rm -rf /root/.cache/pip && pip install flask)
