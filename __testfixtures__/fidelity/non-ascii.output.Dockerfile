FROM python:3.12-slim
# Dépendances système — 中文注释 🚀
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    echo "café ☕ 中文 🎉" > /etc/motd && apt-get update && apt-get install -y --no-install-recommends locales && echo "fin ✅"
# Paquets Python 🐍
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install requests==2.32.3 && echo "prêt — 準備完了 👍"
