#!/usr/bin/env bash
# Installs what the tests need beyond npm: Debian's Chromium for the playground tests and
# Debian's python3-torch (and python3-pil, which the torch engine decodes shards with) for the
# PyTorch export's parity and engine tests. Never downloads a browser
# build or a pip wheel of its own, and never fails the CI: a missing piece skips its tests.
# Safe to run twice.
set -uo pipefail

have_chromium() { command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; }
have_torch() { [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import torch, numpy" >/dev/null 2>&1; }
have_pil() { [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import PIL.Image" >/dev/null 2>&1; }

missing=()
have_chromium || missing+=(chromium)
have_torch || missing+=(python3-torch)
have_pil || missing+=(python3-pil)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-deps: ${missing[*]} missing and cannot be installed here (needs root and apt-get); their tests will be skipped"
  exit 0
fi
apt-get update -qq || echo "install-test-deps: apt-get update failed"
for pkg in "${missing[@]}"; do
  echo "install-test-deps: installing Debian's $pkg"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null \
    || echo "install-test-deps: apt-get install $pkg failed; its tests will be skipped"
done
exit 0
