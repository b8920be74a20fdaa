#!/usr/bin/env bash
# Generates examples/media/demo-defects.ts: 20 s of 640x360 H.264 + AAC test signal with defects
# injected at known times (see examples/media/README.md). Uses the FFmpeg bundled with Vigil.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/examples/media/demo-defects.ts}"
"$ROOT/bin/vigil" ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=640x360:rate=25,split[a][b];[a][b]freezeframes=first=100:last=187:replace=99,drawbox=color=black:t=fill:enable='between(t,10,12.48)'" \
  -f lavfi -i "sine=frequency=440:sample_rate=48000,volume=volume=0:enable='between(t,14,16.98)'" \
  -ac 2 -t 20 -c:v libopenh264 -b:v 500k -g 50 -c:a aac -b:a 96k -f mpegts "$OUT"
echo "wrote $OUT"
