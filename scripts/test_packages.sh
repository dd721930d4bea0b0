#!/usr/bin/env bash
# Makes sure the Debian packages the tests drive are installed: Chromium for the browser
# tests (test tools may not download browsers here, so Playwright drives /usr/bin/chromium)
# and HAProxy, the reverse proxy in front of several Rasa instances in the scale-out tests.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/haproxy ] || missing+=(haproxy)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "The tests need Debian's ${missing[*]}: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian's ${missing[*]} for the tests..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null
