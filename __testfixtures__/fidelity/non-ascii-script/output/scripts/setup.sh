#!/bin/sh
# Installation des paquets — 安装软件包 📦
set -e
echo "→ mise à jour des index ✨"
apt-get update
apt-get install -y --no-install-recommends ca-certificates tzdata
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
echo "nettoyage… 🧹"
echo "les listes restent — 列表 🗂"
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
rm -rf /tmp/téléchargements
echo "terminé ✅ 完成"
