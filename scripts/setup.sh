#!/usr/bin/env bash
# Installs what docarchive needs on a fresh Debian/Ubuntu machine: Tesseract with Chinese data, CJK fonts,
# Chromium for the web interface's browser tests, Node.js to build the web interface, and a virtualenv at .venv
# with the package and its Python dependencies. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra tesseract-ocr-eng tesseract-ocr-osd
              fonts-wqy-zenhei fonts-noto-cjk
              # 楷体, 明体 and Micro Hei faces for the orientation tests (docarchive.samples.orientation)
              fonts-arphic-ukai fonts-arphic-uming fonts-wqy-microhei
              # the browser tests drive Debian's Chromium (tests/e2e/ui); nothing is downloaded by Playwright
              chromium)
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(nodejs npm)  # builds web/ (Node 18+; any install will do)

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "setup: docarchive needs Python 3.11 or newer; $PYTHON is $("$PYTHON" --version 2>&1)" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# The dependencies exactly as locked (versions and hashes: requirements.lock, made by `uv pip compile`), then
# docarchive itself without letting pip pick anything else.
# The locked pip goes first: the pip a new venv starts with (23.x on Debian 12) rejects an extra in hash-checking
# mode (pip-audit's CacheControl[filecache]) as soon as a newer release of that package is out.
.venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes \
  -r <(awk '/^pip==/ {take = 1; print; next} take && /^ / {print; next} {take = 0}' requirements.lock)
.venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e .

# The web interface: built from web/ into docarchive/web_dist when that is missing or older than its sources.
WEB_BUILT=docarchive/web_dist/index.html
if [ ! -f "$WEB_BUILT" ] || [ -n "$(find web/src web/index.html web/package.json web/package-lock.json web/vite.config.js \
                                         -newer "$WEB_BUILT" -print -quit)" ]; then
  echo "setup: building the web interface (web/ → docarchive/web_dist)" >&2
  (cd web && npm ci --no-audit --no-fund --silent && npm run build --silent -- --logLevel warn) >&2
fi
echo "setup: ready ($(.venv/bin/python --version), $(tesseract --version 2>&1 | head -n1))" >&2
