FROM python:3.12-slim
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install requests==2.32.3
RUN python3 <<'PY'
import subprocess
# "pip cache purge" below is Python data, not a shell command of this RUN
subprocess.run(["pip", "cache", "purge"], check=False)
PY
RUN <<EOF
#!/usr/bin/env python3
import os
os.system("apt-get clean && rm -rf /var/lib/apt/lists/*")
EOF
