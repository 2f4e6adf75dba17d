#!/usr/bin/env bash
# The dashboard is tested in a real headless browser: Debian's chromium, driven by playwright-core.
# Installs it where this machine allows (root with apt-get); otherwise that one test skips, saying why.
set -u
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian chromium for the dashboard browser test..."
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1; then
    apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1
  fi
  [ -x /usr/bin/chromium ] || echo "could not install chromium: the dashboard browser test will be skipped"
else
  echo "no /usr/bin/chromium and no root apt-get: the dashboard browser test will be skipped"
fi
exit 0
