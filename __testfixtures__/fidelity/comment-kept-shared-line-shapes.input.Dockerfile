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
RUN apt-get update \
    # note 0
    && apt-get clean \
    # note 1
    && apt-get clean >/dev/null && echo hi
RUN --mount=type=bind,source=.,target=/src \
    apt-get update && apt-get clean \
    # note 1
    && apt-get clean \
    # note 2
    && echo hi
RUN  \
	--mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt \
	[ -x /usr/bin/apt-get ] && apt-get clean && \
	# install the runtime
	apt-get dist-clean; \
	apt-get -o Acquire::Retries=3 update
