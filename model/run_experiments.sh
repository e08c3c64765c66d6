#!/usr/bin/env bash
# Reproduces every figure of MODEL_CARD.md on PTB-XL (folds 1-8 train, fold 9 selection):
# feature cache, the 1.0.0 recipe, the branch ablations, the class-imbalance and schedule comparisons,
# then the 1.1.0 chain: EMA runs -> their ensemble -> distilled networks -> the ensemble of all four ->
# networks distilled from it. The shipped 1.1.0 is the best distilled network by fold-9 macro AUC,
# distil_a0.8 (publish's default run).
# Resumable: rerun after an interruption; finished runs (result.json present) are skipped.
# Usage: model/run_experiments.sh [PTBXL_ROOT]   (default: data/ptbxl, extracted from ../shared)
set -euo pipefail
cd "$(dirname "$0")"
DATA=${1:-../data/ptbxl}
PY=../.venv/bin/python
EPOCHS=${EPOCHS:-10}
[ -f cache/ptbxl100/val.npz ] || $PY -m ecgmon_model.dataset --data "$DATA" --out cache/ptbxl100

ensemble() {  # name, member runs...: the mean-probability ensemble and its teacher probabilities
  local name=$1; shift
  [ -f "runs/$name/teacher.npy" ] && { echo "== $name: done"; return; }
  $PY -m ecgmon_model.ensemble --out "runs/$name" --run "${@/#/runs/}"
  $PY -m ecgmon_model.teacher --run "runs/$name" --out "runs/$name/teacher.npy"
}

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

# 1.1.0: weight averaging, ensembling, distillation (~25 min per run on 2 cores; two can run side by side)
run full_ema_s7 --ema 0.998 --seed 7
run full_ema_s8 --ema 0.998 --seed 8
ensemble ens_s7s8 full_ema_s7 full_ema_s8
run distil_a0.5 --ema 0.998 --seed 7 --teacher runs/ens_s7s8/teacher.npy --distill-weight 0.5
run distil_a0.8 --ema 0.998 --seed 7 --teacher runs/ens_s7s8/teacher.npy --distill-weight 0.8
ensemble ens_gen1 full_ema_s7 full_ema_s8 distil_a0.5 distil_a0.8
run distil2_s7 --ema 0.998 --seed 7 --teacher runs/ens_gen1/teacher.npy --distill-weight 0.8
run distil2_s9 --ema 0.998 --seed 9 --teacher runs/ens_gen1/teacher.npy --distill-weight 0.8
