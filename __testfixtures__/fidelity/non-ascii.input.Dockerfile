FROM python:3.12-slim
# Dépendances système — 中文注释 🚀
RUN echo "café ☕ 中文 🎉" > /etc/motd && apt-get update && apt-get install -y --no-install-recommends locales && apt-get clean && echo "fin ✅"
# Paquets Python 🐍
RUN pip install --no-cache-dir requests==2.32.3 && echo "prêt — 準備完了 👍" && pip cache purge
