# docarchive: API server and OCR worker image (the scale deployment; see docker-compose.yml).

# The web interface, built apart so Node stays out of the final image.
FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web ./
RUN npm run build

FROM python:3.11-slim-bookworm

# Tesseract with Simplified and Traditional Chinese; CJK fonts for generated samples and printouts;
# libgl1/libglib2.0 for OpenCV, which RapidOCR uses.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra tesseract-ocr-eng tesseract-ocr-osd \
      fonts-wqy-zenhei libgl1 libglib2.0-0 curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY docarchive ./docarchive
COPY --from=web /src/docarchive/web_dist ./docarchive/web_dist
RUN pip install --no-cache-dir ".[scale]"

RUN useradd --create-home --uid 10001 docarchive
USER docarchive
ENV DOCARCHIVE_HOME=/home/docarchive/data \
    OMP_THREAD_LIMIT=1 \
    PYTHONUNBUFFERED=1
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --retries=5 CMD curl -fsS http://127.0.0.1:8000/api/health || exit 1
CMD ["docarchive", "serve", "--host", "0.0.0.0", "--port", "8000"]
