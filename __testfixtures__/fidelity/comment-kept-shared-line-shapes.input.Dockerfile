FROM debian:bookworm
RUN apt-get update && apt-get install -y curl >/dev/null && \
    # c1
    apt-get clean >/dev/null && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get clean \
    # c2
    && rm -rf /var/lib/apt/lists/*
RUN apt-get update; apt-get clean \
    # c3
    ; rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y x && apt-get clean && \
    # c4
    rm -rf /var/lib/apt/lists/* || true
RUN apt-get update && apt-get install -y x && apt-get clean && \
    # c5
    rm -rf /var/lib/apt/lists/* && \
    # c6
    echo done
RUN apt-get update && \
    apt-get install -y x && apt-get clean >/dev/null && \
    # c7
    rm -rf /var/lib/apt/lists/*
RUN apt-get update; apt-get install -y x; apt-get clean; \
    # c5
    rm -rf /var/lib/apt/lists/*; \
    # c6
    echo done
RUN apt-get update && apt-get install -y x && apt-get clean \
    # c5
    && rm -rf /var/lib/apt/lists/* \
    # c6
    && echo done
RUN apt-get update && apt-get install -y x && apt-get clean && \
    # c5
    rm -rf /var/lib/apt/lists/* && \
    echo done
RUN apt-get update && apt-get install -y x && apt-get clean && \
    # c5
    rm -rf /var/lib/apt/lists/* && echo done
RUN apt-get update && apt-get install -y x && \
    apt-get clean && \
    # c5
    rm -rf /var/lib/apt/lists/* && echo done
RUN apt-get update && apt-get install -y x \
    && apt-get clean \
    # c5
    && rm -rf /var/lib/apt/lists/* && echo done
RUN apt-get update; apt-get install -y x; \
    apt-get clean; \
    # c5
    rm -rf /var/lib/apt/lists/*; echo done
