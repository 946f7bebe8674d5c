FROM python:3.11-slim
WORKDIR /srv/hub
COPY pyproject.toml README.md ./
COPY hub ./hub
COPY migrations ./migrations
RUN pip install --no-cache-dir .
ENV HUB_DATA_DIR=/data PICCOLO_CONF=hub.piccolo_conf
EXPOSE 8000
CMD ["hub", "serve", "--host", "0.0.0.0", "--port", "8000"]
