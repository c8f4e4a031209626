#!/usr/bin/env bash
# Sets up everything readiness needs on a fresh Debian/Ubuntu machine, then a virtualenv in .venv.
#   scripts/setup.sh          what running reports needs
#   scripts/setup.sh --test   plus what the test suite needs
# System packages are installed when missing and running as root; otherwise the script prints
# the exact command to run and stops.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# WeasyPrint 70 needs Pango; libharfbuzz-subset0 makes font subsetting fast and reproducible
# (without it every PDF carries the clock time); fonts-dejavu-core is the report's font, and
# the Noto fonts draw what respondents write in other scripts: Arabic and Urdu, Bengali,
# Gurmukhi (Punjabi), Chinese, and emoji (about 144 MB installed; see README).
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
  fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji)
# The tests also fill questionnaires with programs we did not write: pdftk-java for the PDF
# form and LibreOffice (driven through Debian's python3-uno) for the workbook; and they check
# the HTML reports for accessibility in Debian's chromium, driven from Node.js (below).
[ "$want_test" = 1 ] && packages+=(poppler-utils pdftk-java qpdf libreoffice-calc-nogui python3-uno chromium)
# Node.js and npm from Debian, unless the machine already has its own.
[ "$want_test" = 1 ] && ! command -v node >/dev/null 2>&1 && packages+=(nodejs)
[ "$want_test" = 1 ] && ! command -v npm >/dev/null 2>&1 && packages+=(npm)

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$pkg")
done
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  missing+=(python3-venv)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "readiness needs these system libraries: ${missing[*]} (Debian names)." >&2
    echo "Install their equivalents with your package manager, then run this again." >&2
    exit 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "readiness needs these Debian packages, which are not installed:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    echo "Run that command, then run this again." >&2
    exit 1
  fi
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
extra=""
[ "$want_test" = 1 ] && extra="[test]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extra}"
# An editable install leaves our modules uncompiled, and where PYTHONDONTWRITEBYTECODE is
# set every command compiled them again: a fifth of a second each time.
.venv/bin/python -m compileall -q readiness >/dev/null
if [ "$want_test" = 1 ]; then
  # axe-core and puppeteer-core at the versions in tests/browser/package-lock.json; no
  # browser is downloaded (the tests use Debian's chromium).
  stamp=tests/browser/node_modules/.installed-from-lock
  if ! cmp -s tests/browser/package-lock.json "$stamp"; then
    PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
    cp tests/browser/package-lock.json "$stamp"
  fi
fi
echo "readiness is installed in .venv (run .venv/bin/readiness --help)."
