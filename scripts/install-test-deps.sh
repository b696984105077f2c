#!/usr/bin/env bash
# Installs what the tests need beyond npm: Debian's Chromium for the playground tests.
# Never downloads a browser build of its own. Safe to run twice.
set -uo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-deps: chromium is missing and cannot be installed here (needs root and apt-get); playground tests will be skipped"
  exit 0
fi
echo "install-test-deps: installing Debian's chromium for the playground tests"
(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
  || echo "install-test-deps: apt-get install chromium failed; playground tests will be skipped"
exit 0
