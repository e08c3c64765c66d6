"""Turns finished runs into the shipped artefacts: ONNX model + card JSON + MODEL_CARD.md.

Collects the fold-9 results of every run under model/runs (ablations, imbalance comparison),
exports the chosen run, measures ONNX Runtime latency, and renders the markdown card from the
same JSON the ONNX file carries, so the numbers cannot drift apart.
"""
from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from . import bench, compare, export, resample_check, train
from .evaluate import card_of
from .spec import MODEL_DIR
from .wfdb_io import LABELS

ABLATIONS = [  # (run folder, description)
    ("time_only", "time (1D CNN + Transformer)"),
    ("time_fft", "+ FFT branch"),
    ("time_fft_spectrogram", "+ spectrogram 2D CNN"),
    ("full", "+ metadata (full model)"),
]
IMBALANCE = [("full", "positive-class weights (sqrt(neg/pos))"), ("full_oversample", "oversampling (inverse frequency)")]
SCHEDULE = [("full", "10 epochs (the recipe of the tables above)"), ("full_long", "16 epochs")]
RECIPE = [  # from the 1.0.0 recipe to what ships since 1.1.0: weight averaging, ensembling, distillation
    ("full", "1.0.0: full model, seed 7, last-step weights"),
    ("full_ema_s7", "+ EMA of the weights (decay 0.998), seed 7"),
    ("full_ema_s8", "+ EMA of the weights (decay 0.998), seed 8"),
    ("ens_s7s8", "mean of the two EMA runs (2x inference cost)"),
    ("distil_a0.5", "one network distilled from that mean, target 0.5 label + 0.5 teacher, seed 7"),
    ("distil_a0.8", "one network distilled from that mean, target 0.2 label + 0.8 teacher, seed 7"),
    ("ens_gen1", "mean of the four runs above (4x inference cost)"),
    ("distil2_s7", "one network distilled from that mean, target 0.2 label + 0.8 teacher, seed 7"),
    ("distil2_s9", "one network distilled from that mean, target 0.2 label + 0.8 teacher, seed 9"),
]
TABLES = {  # card key -> (markdown title, rows)
    "ablations": ("Ablations (fold 9, same recipe)", ABLATIONS),
    "imbalance_comparison": ("Class imbalance: weights vs oversampling (fold 9, full model)", IMBALANCE),
    "schedule_comparison": ("Training schedule (fold 9, full model, cosine decay over the whole schedule)", SCHEDULE),
    "recipe_comparison": ("Weight averaging, ensembling, distillation (fold 9, full model)", RECIPE),
}
COMPARISON_KEYS = tuple(TABLES)
REFERENCE = "full"  # every bootstrap difference is taken against this run


def summarize(result: dict) -> dict:
    return {"macro_auc": result["macro_auc"], "auc": result["auc"], "best_epoch": result.get("best_epoch"),
            "epochs": result.get("epochs"),
            "accuracy": {k: v["accuracy"] for k, v in result["per_class"].items()},
            "f1": {k: v["f1"] for k, v in result["per_class"].items()}}


def collect(runs: Path, table: list[tuple[str, str]], intervals: dict | None = None) -> list[dict]:
    """The table's finished runs; with their bootstrap intervals (compare.compare) where given."""
    rows = []
    for name, description in table:
        path = runs / name / "result.json"
        if path.exists():
            row = {"run": name, "variant": description, **summarize(json.loads(path.read_text()))}
            if intervals and name in intervals:
                i = intervals[name]
                row.update(macro_auc_ci95=i["ci95"], delta_vs_reference=i["delta_vs_reference"],
                           delta_ci95=i["delta_ci95"])
            rows.append(row)
    return rows


def _f(x: float) -> str:
    return f"{x:.3f}"


def render_markdown(card: dict) -> str:
    m = card["metrics_fold9"]
    arch = card["architecture"]
    cost = card.get("cost", {})
    lines = [
        f"# Model card: {card['name']} {card['version']}",
        "",
        f"Exported {card['date']}. File: `model/ecgmon-ptbxl.onnx` (ONNX opset {card['opset']}); this card is also "
        "inside the file (`metadata_props`, key `model_card`) and beside it as `ecgmon-ptbxl.card.json`.",
        "",
        "**Not a medical device.** A research and demonstration model for streaming ECG classification; its "
        "outputs must not drive clinical decisions.",
        "",
        "## What it does",
        "Multi-label classification of a 10 s, 12-lead ECG window (100 Hz) into the five PTB-XL diagnostic "
        "superclasses NORM (normal), MI (myocardial infarction), STTC (ST/T change), CD (conduction "
        "disturbance), HYP (hypertrophy). Output `probabilities` [batch, 5]: one sigmoid per class; a class is "
        "predicted when its probability reaches its threshold:",
        "",
        "| class | threshold |", "|---|---|",
        *[f"| {k} | {card['thresholds'][k]} |" for k in LABELS],
        "",
        f"Thresholds: {card['threshold_rule']}.",
        "",
        "## Inputs (feature spec)",
        f"Defined once in `model/feature_spec.json` (sha256 `{card['feature_spec_sha256'][:16]}…`), implemented by "
        "`model/ecgmon_model/features.py` and by the Java serving side (`streams-app`, package `io.ecgmon.features`, "
        "JTransforms); `model/golden/features_golden.json` holds "
        "vectors both check to 1e-4 relative.",
        "",
        "| input | shape | what |", "|---|---|---|",
        "| `ecg` | " + str(card["inputs"]["ecg"]) + " | leads in mV, per-lead mean removed, clipped to ±10 mV |",
        "| `fft` | " + str(card["inputs"]["fft"]) + " | log1p(abs(rFFT) / sum(w) / 1 µV), periodic Hann, 0–39.9 Hz at 0.1 Hz |",
        "| `spectrogram` | " + str(card["inputs"]["spectrogram"]) + " | same log magnitude, STFT Hann 64, hop 16 "
        "(0.64 s window, 0.16 s hop), 0–50 Hz |",
        "| `metadata` | " + str(card["inputs"]["metadata"]) + " | age, sex, height, weight as z-scores with "
        "missing-value flags |",
        "",
        "## Architecture",
        f"- Time branch: 1D ResNet stem (stride 8: 1000 samples -> 125 steps of 80 ms, width {arch['width']}) then a "
        f"{arch['transformer_layers']}-layer Transformer encoder ({arch['heads']} heads), mean+max pooled.",
        "- Frequency branch: 1D CNN over the FFT log magnitudes (leads as channels).",
        "- Spectrogram branch: 2D CNN over the 12-lead log spectrogram (leads as channels).",
        "- Metadata branch: MLP (8 -> 32 -> 32).",
        f"- Fusion head: concatenation -> dropout {arch['dropout']} -> 128 -> 5 logits -> sigmoid.",
        *([f"- Ensemble: the mean of the probabilities of {len(card['ensemble']['members'])} networks of this "
           "architecture, trained alike with different seeds ("
           + ", ".join(f"seed {m.get('seed')}: fold-9 macro AUC {m['macro_auc']:.3f}" for m in card["ensemble"]["members"])
           + "); one graph, one forward pass per member. The size and cost below count all members."]
          if card.get("ensemble") else []),
        f"- Size: {cost.get('parameters', 0):,} parameters, {cost.get('flops_per_window', 0) / 1e6:.1f} MFLOPs per "
        "window (torch FlopCounterMode).",
        "",
        *_training_lines(card.get("training", {})),
        "## Data",
        f"{card['training_data']['dataset']}. Train: folds {card['training_data']['train_folds']}; model selection and "
        f"threshold tuning: fold {card['training_data']['selection_fold']}; fold 10, the standard test fold, was not "
        "available to us and is evaluated independently. Records without a diagnostic superclass are left out "
        "(the benchmark's superdiagnostic task). Labels: diagnostic SCP codes mapped through `scp_statements.csv`. "
        "Metadata: age and sex for every record; height (~9%) and weight (~11%) for few, so those branches mostly "
        "see the missing flag.",
        "",
        "## Results on fold 9 (validation; thresholds tuned on the same fold)",
        f"Macro AUC **{m['macro_auc']:.4f}** (n = {m['n']}, " + (
            f"best epoch {m.get('best_epoch')})." if not card.get("ensemble") else
            "best epochs " + ", ".join(str(x.get("best_epoch")) for x in card["ensemble"]["members"]) + ")."),
        "",
        "| class | AUC | accuracy | F1 | sensitivity | specificity | prevalence |",
        "|---|---|---|---|---|---|---|",
        *[f"| {k} | {_f(m['auc'][k])} | {_f(m['per_class'][k]['accuracy'])} | {_f(m['per_class'][k]['f1'])} | "
          f"{_f(m['per_class'][k]['sensitivity'])} | {_f(m['per_class'][k]['specificity'])} | "
          f"{_f(m['per_class'][k]['prevalence'])} |" for k in LABELS],
        "",
        "Fold 9 served both for choosing the epoch and for tuning thresholds, so these figures are optimistic; "
        "the independent fold-10 evaluation is the one to quote.",
        "",
    ]
    for key, (title, _) in TABLES.items():
        rows = card.get(key, [])
        if not rows:
            continue
        ci = all("delta_ci95" in r for r in rows)
        lines += [f"## {title}", "", "| variant | macro AUC | " + ("95% CI | vs full (95% CI) | " if ci else "")
                  + " | ".join(f"AUC {k}" for k in LABELS) + " |",
                  "|---|---|" + ("---|---|" if ci else "") + "---|" * len(LABELS)]
        lines += [f"| {r['variant']} | {r['macro_auc']:.4f} | " + (_intervals(r) if ci else "")
                  + " | ".join(_f(r["auc"][k]) for k in LABELS) + " |" for r in rows]
        lines.append("")
        if key == "recipe_comparison":
            lines += _recipe_reading(rows, card.get("run"))
    if any("delta_ci95" in r for key in COMPARISON_KEYS for r in card.get(key, [])):
        lines += ["Intervals: paired bootstrap over the fold-9 records (1,000 rounds, `python -m "
                  "ecgmon_model.compare`); a difference is a real one when its interval leaves 0. They cover the "
                  "sampling of fold 9 only; the spread between seeds shows where a recipe was run more than once.",
                  ""]
    r = card.get("resampling_500hz")
    if r:
        lines += ["## 500 Hz streams",
                  f"On the {r['records']} PTB-XL records that also come at 500 Hz, block-mean resampling to 100 Hz "
                  f"changes the probabilities by {r['mean_abs_prob_difference']:.3f} on average (99th percentile "
                  f"{r['p99_abs_prob_difference']:.3f}) against PTB-XL's own 100 Hz version, and "
                  f"{100 * r['decision_agreement']:.1f}% of the per-class decisions stay the same "
                  "(`python -m ecgmon_model.resample_check`; most of these records are training records, so this "
                  "measures agreement, not accuracy).", ""]
    b = card.get("benchmark")
    if b:
        lines += ["## Inference cost (ONNX Runtime, CPU)",
                  f"onnxruntime {b['onnxruntime']}, {b['threads']} intra-op threads, {b['cpu_count']} cores, "
                  f"1-minute load average {b.get('load_average', 0):.1f} when measured; "
                  "command: `.venv/bin/python -m ecgmon_model.bench` (from `model/`).", "",
                  "| batch | median ms | p95 ms | windows/s |", "|---|---|---|---|",
                  *[f"| {r['batch']} | {r['median_ms']:.2f} | {r['p95_ms']:.2f} | {r['windows_per_s']:.0f} |"
                    for r in b["results"]], ""]
    lines += [
        "## Limitations",
        "- Trained on one dataset (PTB-XL: one German centre, 1989–1996, Schiller devices); other devices, "
        "populations and lead placements may behave differently.",
        "- 100 Hz input: fine morphology above ~40 Hz is not seen; 500 Hz streams are block-averaged down.",
        "- Superclasses only; no rhythm classes (AF etc.) and no localisation.",
        "- Labels are PTB-XL's cardiologist reports, not adjudicated ground truth; likelihoods below 100 count as "
        "positive.",
        "- Height and weight are missing for most records, so the metadata branch mostly learns from age and sex.",
        "- Selection and thresholds on fold 9: the reported numbers are optimistic for unseen data.",
        "",
        "## Credit",
        "PTB-XL: Wagner, P., Strodthoff, N., Bousseljot, R.-D., Kreiseler, D., Lunze, F.I., Samek, W., Schaeffter, T. "
        "PTB-XL, a large publicly available electrocardiography dataset. Scientific Data 7, 154 (2020); PhysioNet "
        "(Goldberger et al., Circulation 2000). Licensed CC-BY 4.0. Benchmark protocol: Strodthoff et al., "
        "Deep Learning for ECG Analysis: Benchmarks and Insights from PTB-XL, IEEE JBHI 2021.",
        "",
        "## Reproduce",
        "`model/run_experiments.sh` (feature cache + all runs, resumable), then "
        f"`cd model && ../.venv/bin/python -m ecgmon_model.publish --run {card.get('run', 'full')} "
        f"--version {card['version']}`.",
        "",
    ]
    return "\n".join(lines)


def _recipe_reading(rows: list[dict], shipped: str | None) -> list[str]:
    """What the recipe table says, with its own numbers: plain vs distilled single networks."""
    plain = [r["macro_auc"] for r in rows if r["run"].startswith("full")]
    distilled = [r["macro_auc"] for r in rows if r["run"].startswith("distil")]
    if not plain or not distilled:
        return []
    return [f"Reading: the {len(plain)} plain single networks score {min(plain):.4f}-{max(plain):.4f} (mean "
            f"{sum(plain) / len(plain):.4f}); averaging the weights alone changes nothing measurable. Mean-probability "
            "ensembles gain, at a multiple of the serving cost; a single network distilled from one keeps most of "
            f"that gain at one network's cost: the {len(distilled)} distilled networks score "
            f"{min(distilled):.4f}-{max(distilled):.4f} (mean {sum(distilled) / len(distilled):.4f})."
            + (f" The shipped network is `{shipped}`, the best distilled one on fold 9; choosing among them on the "
               "fold that scores them adds optimism of the order of their spread." if shipped else ""), ""]


def _training_lines(t: dict) -> list[str]:
    if "epochs" not in t:
        return []
    imbalance = {"pos_weight": "positive-class weights sqrt(neg/pos) in the BCE loss",
                 "oversample": "inverse-frequency oversampling", "none": "no imbalance correction"}
    defaults = train.parser().parse_args([])  # runs from before these were recorded trained with the defaults
    lines = ["## Training",
             f"AdamW (learning rate {t.get('lr', defaults.lr)}, weight decay "
             f"{t.get('weight_decay', defaults.weight_decay)}), batch "
             f"{t.get('batch_size', defaults.batch_size)}, {t['epochs']} epochs, linear warm-up then cosine decay, gradient norm "
             f"clipped at 1, seed {t.get('seed')}; {imbalance.get(t.get('imbalance'), t.get('imbalance'))}. "
             "The epoch is chosen by fold-9 macro AUC"
             + (f"; with an exponential moving average of the weights (decay {t['ema']}) as a second candidate "
                f"each epoch, the {'averaged' if t.get('best_weights') == 'ema' else 'last-step'} weights won"
                if t.get("ema") else "") + "."]
    d = t.get("distilled_from")
    if d:
        members = d.get("members", [])
        lines.append(f"Distilled: the training target is {1 - d['weight']:.1f} x the label + {d['weight']:.1f} x the "
                     "probabilities of a teacher on the training records"
                     + (f", the mean of {len(members)} trained networks of the same architecture ("
                        + ", ".join(f"`{m['run']}` {m['macro_auc']:.4f}" for m in members) + " fold-9 macro AUC)"
                        if members else "")
                     + ". The teacher's networks were trained on folds 1-8 like the student; it only makes training "
                     "targets, so the shipped graph is one network at one network's cost.")
    return lines + [""]


def _intervals(r: dict) -> str:
    lo, hi = r["macro_auc_ci95"]
    dlo, dhi = r["delta_ci95"]
    return f"{lo:.3f}-{hi:.3f} | {r['delta_vs_reference']:+.4f} ({dlo:+.4f} to {dhi:+.4f}) | "


def comparisons(runs: Path, cache: Path | None = None, onnx: dict[str, Path] | None = None,
                previous: dict | None = None) -> dict:
    """The comparison tables; with bootstrap intervals against the `full` recipe when the fold-9 cache is there.

    A row whose run is no longer on disk is kept from `previous` (the card being replaced), so that
    republishing after new runs does not drop comparisons that were measured before.
    """
    intervals = {}
    if cache is not None and (cache / "val.npz").exists():
        names = sorted({name for _, table in TABLES.values() for name, _ in table})
        intervals = compare.compare(runs, names, REFERENCE, cache, onnx or {})
    kept = {r["run"]: r for key in COMPARISON_KEYS for r in (previous or {}).get(key, [])}
    out = {}
    for key, (_, table) in TABLES.items():
        fresh = {r["run"]: r for r in collect(runs, table, intervals)}
        out[key] = [fresh.get(name) or {**kept[name], "variant": description}
                    for name, description in table if name in fresh or name in kept]
    return out



def refresh_card(model_path: Path, runs: Path, cache: Path | None = None, onnx_of: dict | None = None) -> None:
    """The shipped model's own card with the comparison tables of the runs there are now."""
    card = card_of(model_path)
    card.update(comparisons(runs, cache, onnx_of, previous=card))
    export.embed_card(card, model_path)
    (model_path.parent / "MODEL_CARD.md").write_text(render_markdown(card))
    logging.info("refreshed the card of %s and MODEL_CARD.md", model_path)


def main(argv=None):
    p = argparse.ArgumentParser(description="Export the chosen run with ablations, benchmark and MODEL_CARD.md.")
    p.add_argument("--runs", type=Path, default=MODEL_DIR / "runs")
    p.add_argument("--run", default="distil_a0.8",
                   help="run folder to ship (a trained run or an ensemble run); default: the shipped 1.1.0's run")
    p.add_argument("--cache", type=Path, default=MODEL_DIR / "cache" / "ptbxl100")
    p.add_argument("--out", type=Path, default=MODEL_DIR / "ecgmon-ptbxl.onnx")
    p.add_argument("--version", default="1.1.0")
    p.add_argument("--data", type=Path, default=MODEL_DIR.parent / "data" / "ptbxl",
                   help="PTB-XL root for the 500 Hz agreement check (skipped when it has no records500/)")
    p.add_argument("--onnx", action="append", default=[], metavar="RUN=FILE",
                   help="the exported model of a compared run whose checkpoint is gone (e.g. full=ecgmon-ptbxl.onnx)")
    p.add_argument("--card-only", action="store_true",
                   help="keep the shipped model as it is; refresh only its card's comparison tables from the runs "
                        "(ablations, imbalance, schedule, recipe) and MODEL_CARD.md")
    args = p.parse_args(argv)
    onnx_of = {k: Path(v) for k, v in (x.split("=", 1) for x in args.onnx)}
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    if args.card_only:
        refresh_card(args.out, args.runs, args.cache, onnx_of)
        return
    model, result = export.load_run(args.runs / args.run)
    example = export.real_inputs(args.cache, 256)
    previous = card_of(args.out) if args.out.exists() else None  # rows of runs no longer on disk are kept
    extra = {"run": args.run, **comparisons(args.runs, args.cache, onnx_of, previous),
             "cost": export.count_cost(model, example)}
    card = export.build_card(model, result, extra, args.version)
    export.write_model(model, card, args.out, example)
    bench_json = args.out.with_name("bench.json")
    bench.main(["--model", str(args.out), "--json", str(bench_json)])
    card["benchmark"] = json.loads(bench_json.read_text())
    bench_json.unlink()
    if (args.data / "records500").is_dir():
        check_json = args.out.with_name("resample_check.json")
        resample_check.main(["--data", str(args.data), "--model", str(args.out), "--json", str(check_json)])
        card["resampling_500hz"] = json.loads(check_json.read_text())
        check_json.unlink()
    export.write_model(model, card, args.out, example)  # again, now with the benchmark inside
    (args.out.parent / "MODEL_CARD.md").write_text(render_markdown(card))
    logging.info("wrote %s, its card JSON and MODEL_CARD.md", args.out)


if __name__ == "__main__":
    main()
