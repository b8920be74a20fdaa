#!/usr/bin/env bash
# Installs the Debian packages Vigil's build and tests use, when they are missing:
#   libva2, libva-drm2, libpulse0  shared libraries the ffmpeg binary inside JavaCPP's FFmpeg natives links against
#                                  (`vigil ffmpeg`, test media); the decoding JNI libraries do not need them
#   ffmpeg                         Debian's FFmpeg 5.1 with libx264/libx265: B-frame H.264 and HEVC encodes
#                                  for tests and benchmarks (the bundled LGPL build encodes H.264 with openh264 only)
#   chromium                       headless Chromium: the HTML report is rendered and checked in it (DOM, screenshot)
# A no-op when all are installed. Needs root (or sudo) and the Debian archive.
set -euo pipefail
packages=(libva2 libva-drm2 libpulse0 ffmpeg chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "system-packages: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 || {
  $sudo apt-get update -q >/dev/null
  $sudo apt-get install -y -q "${missing[@]}" >/dev/null
}
