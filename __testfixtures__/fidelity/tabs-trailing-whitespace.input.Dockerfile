FROM python:3.12-slim   
RUN	apt-get update	&& \ 
	apt-get install -y --no-install-recommends curl	&& \	
	apt-get clean
RUN pip install --no-cache-dir httpie==3.2.4   
