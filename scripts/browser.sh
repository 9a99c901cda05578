#!/usr/bin/env bash
# Install what the browser tests need: Debian's Chromium and CJK fonts (skipped when present).
# Usage: scripts/browser.sh   (needs root or sudo; the lead calls it from scripts/test.sh)
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "browser.sh: run as root to install ${missing[*]}" >&2; exit 1; }
    sudo=sudo
fi
echo "browser.sh: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
