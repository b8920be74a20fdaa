#!/usr/bin/env bash
# Rebuilds Vigil's block-corruption model from scratch, reproducibly:
#   1. generates the training and tuning frames with the bundled FFmpeg (bin/vigil ml-dataset),
#   2. trains the CNN and picks its threshold on the tuning split (ml/train.py, Debian's python3-torch),
#   3. copies the ONNX model into the worker's resources.
# Then run `bin/vigil bench-ml` for the held-out figures of ml/MODEL_CARD.md.
# Needs: apt-get install -y python3-torch python3-onnx python3-numpy
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${1:-$ROOT/ml/build}"
mkdir -p "$WORK"
"$ROOT/bin/vigil" ml-dataset --split train --seed 1 --repeats 2 --seconds 4 --out "$WORK/train"
"$ROOT/bin/vigil" ml-dataset --split tune --seed 2 --repeats 1 --seconds 4 --out "$WORK/tune"
/usr/bin/python3 "$ROOT/ml/train.py" --train "$WORK/train" --tune "$WORK/tune" --out "$WORK" --threads 1
cp "$WORK/corruption-v2.onnx" "$ROOT/worker/src/main/resources/models/corruption-v2.onnx"
echo "model: worker/src/main/resources/models/corruption-v2.onnx; threshold and tuning figures: $WORK/training.json"
echo "(set CorruptionModel.THRESHOLD to the threshold if it changed, then run bin/vigil bench-ml)"
