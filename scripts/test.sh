#!/usr/bin/env bash
# Install everything the tests need on a fresh machine (Python 3.11 + pip assumed), then run them.
# Browser tests use Debian's chromium (installed with apt-get when missing and we are root);
# remote-store tests use the oxigraph server from PyPI (a test dependency) and Debian's Virtuoso.
set -euo pipefail
cd "$(dirname "$0")/.."

python -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -e '.[test]'

if ! command -v chromium >/dev/null 2>&1 && [ -z "${KG_SKIP_BROWSER_INSTALL:-}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "scripts/test.sh: chromium is missing and cannot be installed here (not root with apt-get)" >&2
    exit 2
  fi
fi

# The OWL 2 DL profile check (tests/test_ontology.py) runs the OWL API from Debian's libowlapi-java.
if [ ! -e /usr/share/java/owlapi-distribution.jar ] && [ "$(id -u)" = 0 ] \
  && command -v apt-get >/dev/null 2>&1 && [ -z "${KG_SKIP_OWLAPI_INSTALL:-}" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libowlapi-java >/dev/null
fi

# kg push against Virtuoso (tests/test_virtuoso.py) uses Debian's virtuoso-opensource; the tests
# start their own server, so the package's service is kept from starting at install.
if [ ! -x /usr/bin/virtuoso-t ] && [ "$(id -u)" = 0 ] \
  && command -v apt-get >/dev/null 2>&1 && [ -z "${KG_SKIP_VIRTUOSO_INSTALL:-}" ]; then
  apt-get update -qq
  made_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null
  if [ -n "$made_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi
fi
if [ ! -x /usr/bin/virtuoso-t ] && [ -z "${KG_SKIP_VIRTUOSO_INSTALL:-}" ]; then
  echo "scripts/test.sh: virtuoso-t is missing and cannot be installed here (not root with apt-get);" \
    "set KG_SKIP_VIRTUOSO_INSTALL=1 to run without the Virtuoso tests" >&2
  exit 2
fi

python -m ruff check kg tests benchmarks
python -m ruff format --check kg tests benchmarks
python -m pytest -q "$@"
