#!/bin/sh
# Installation des paquets — 安装软件包 📦
set -e
echo "→ mise à jour des index ✨"
apt-get update
apt-get install -y --no-install-recommends ca-certificates tzdata
echo "nettoyage… 🧹"; apt-get clean
echo "les listes restent — 列表 🗂"
rm -rf /var/lib/apt/lists/* /tmp/téléchargements
echo "terminé ✅ 完成"
