# One image for every part of Signpost; `signpost serve front|rasa|actions` picks the part
# (docs/deployment.md). The model and the answer reader are trained while the image is
# built, so a container answers as soon as Rasa has loaded them.
FROM python:3.10-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 RASA_TELEMETRY_ENABLED=false \
    TF_CPP_MIN_LOG_LEVEL=2 SIGNPOST_DATA_DIR=/var/lib/signpost
WORKDIR /app
COPY pyproject.toml constraints.txt ./
COPY actions actions
COPY bot bot
COPY knowledge knowledge
COPY language language
COPY privacy privacy
RUN pip install --no-cache-dir -c constraints.txt -e . \
    && useradd --system --home-dir /var/lib/signpost --create-home signpost
COPY config.yml credentials.yml ./
COPY data data
COPY domain domain
RUN signpost nlu && signpost train && chown -R signpost:signpost /app
USER signpost
EXPOSE 8080 5005 5055
ENTRYPOINT ["signpost"]
CMD ["serve", "front"]
