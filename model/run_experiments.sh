#!/usr/bin/env bash
# Reproduces every figure of MODEL_CARD.md on PTB-XL (folds 1-8 train, fold 9 selection):
# feature cache, the shipped model, the branch ablations and the class-imbalance comparison.
# Resumable: rerun after an interruption; finished runs (result.json present) are skipped.
# Usage: model/run_experiments.sh [PTBXL_ROOT]   (default: data/ptbxl, extracted from ../shared)
set -euo pipefail
cd "$(dirname "$0")"
DATA=${1:-../data/ptbxl}
PY=../.venv/bin/python
EPOCHS=${EPOCHS:-10}
[ -f cache/ptbxl100/val.npz ] || $PY -m ecgmon_model.dataset --data "$DATA" --out cache/ptbxl100

run() {  # name, extra args...
  local name=$1; shift
  if [ -f "runs/$name/result.json" ]; then echo "== $name: done"; return; fi
  echo "== $name"
  $PY -m ecgmon_model.train --cache cache/ptbxl100 --out "runs/$name" --epochs "$EPOCHS" "$@"
}

run full --imbalance pos_weight
# the branch ablations, then the imbalance comparison, then the longer schedule of the full model
run time_only --no-fft --no-spectrogram --no-metadata
run time_fft --no-spectrogram --no-metadata
run time_fft_spectrogram --no-metadata   # the original question: with vs without metadata
run full_oversample --imbalance oversample
run full_long --imbalance pos_weight --epochs 16   # the shipped candidate: same model, longer schedule
