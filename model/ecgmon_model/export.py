"""Exports a trained run to ONNX with its model card, after checking ONNX Runtime against PyTorch.

The card travels twice: inside the ONNX file (metadata_props, key 'model_card' plus a few flat keys
that serving reads directly) and beside it as JSON.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch

from . import train
from .network import INPUT_NAMES, EcgNet, MeanEnsemble, NetConfig, ProbabilityModel
from .spec import MODEL_DIR, load_spec, spec_sha256
from .split import TRAIN_FOLDS, VALIDATION_FOLD
from .wfdb_io import LABELS

log = logging.getLogger(__name__)
OUTPUT_NAME = "probabilities"
OPSET = 17
MAX_ABS_DIFF = 1e-4


def load_run(run: Path) -> tuple[ProbabilityModel | MeanEnsemble, dict]:
    """A trained run (best.pt), or an ensemble run (ecgmon_model.ensemble): a result.json naming member
    runs that sit beside it."""
    result = json.loads((run / "result.json").read_text()) if (run / "result.json").exists() else {}
    if "members" in result:
        return MeanEnsemble([load_run(run.parent / m["run"])[0] for m in result["members"]]).eval(), result
    best = torch.load(run / "best.pt", weights_only=False)
    net = EcgNet(NetConfig(**best["config"]))
    net.load_state_dict(best["model"])
    return ProbabilityModel(net).eval(), result


@torch.no_grad()
def probabilities(model: torch.nn.Module, cache: Path, split: str = "val", batch: int = 256) -> np.ndarray:
    """What a ProbabilityModel or MeanEnsemble gives on a cached split (train.predict is for logit nets)."""
    data = train.load_split(cache, split)
    order = np.arange(len(data["labels"]))
    return torch.cat([model(*x) for x, _ in train.batches(data, order, batch)]).numpy()


def input_shapes(cfg: NetConfig) -> dict[str, list]:
    return {"ecg": ["batch", cfg.leads, cfg.window_samples], "fft": ["batch", cfg.leads, cfg.fft_bins],
            "spectrogram": ["batch", cfg.leads, cfg.stft_bins, cfg.stft_frames],
            "metadata": ["batch", cfg.metadata_size]}


def export_onnx(model: ProbabilityModel, path: Path, example: tuple[torch.Tensor, ...]) -> None:
    axes = {name: {0: "batch"} for name in (*INPUT_NAMES, OUTPUT_NAME)}
    torch.onnx.export(model, example, str(path), input_names=list(INPUT_NAMES), output_names=[OUTPUT_NAME],
                      dynamic_axes=axes, opset_version=OPSET, dynamo=False)


def max_abs_difference(model: ProbabilityModel, path: Path, inputs: tuple[torch.Tensor, ...]) -> float:
    """ONNX Runtime (CPU) vs PyTorch on the same inputs."""
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    onnx_out = session.run([OUTPUT_NAME], {n: t.numpy() for n, t in zip(INPUT_NAMES, inputs)})[0]
    with torch.no_grad():
        torch_out = model(*inputs).numpy()
    return float(np.max(np.abs(onnx_out - torch_out)))


def count_cost(model: ProbabilityModel, example: tuple[torch.Tensor, ...]) -> dict:
    from torch.utils.flop_counter import FlopCounterMode
    one = tuple(t[:1] for t in example)
    with torch.no_grad(), FlopCounterMode(display=False) as counter:
        model(*one)
    return {"parameters": int(sum(p.numel() for p in model.parameters())),
            "flops_per_window": int(counter.get_total_flops())}


def build_card(model: ProbabilityModel, result: dict, extra: dict, version: str) -> dict:
    cfg = model.net.cfg
    thresholds = result.get("thresholds") or {name: 0.5 for name in LABELS}
    return {
        "name": "ecgmon-ptbxl-multimodal",
        "version": version,
        "date": dt.date.today().isoformat(),
        "labels": LABELS,
        "thresholds": thresholds,
        "threshold_rule": "per class, the F1-maximising threshold on PTB-XL fold 9",
        "inputs": input_shapes(cfg),
        "output": {"name": OUTPUT_NAME, "shape": ["batch", len(LABELS)], "meaning": "sigmoid probability per label"},
        "opset": OPSET,
        "feature_spec_sha256": spec_sha256(),
        "feature_spec": load_spec(),
        "architecture": cfg.to_dict(),
        "training_data": {
            "dataset": "PTB-XL 1.0.3 (Wagner et al., Sci Data 2020; PhysioNet), CC-BY 4.0",
            "sample_rate_hz": 100,
            "train_folds": list(TRAIN_FOLDS),
            "selection_fold": VALIDATION_FOLD,
            "test_fold": "10 (withheld; evaluated independently)",
            "labels": "diagnostic superclasses; records with none left out",
        },
        "metrics_fold9": {k: result[k] for k in ("macro_auc", "auc", "per_class", "n", "best_epoch") if k in result},
        "training": {k: result[k] for k in ("imbalance", "epochs", "seed", "ema", "best_weights", "lr", "weight_decay",
                                             "batch_size", "distilled_from", "history") if k in result},
        **({"ensemble": {"combination": "mean of the members' probabilities", "members": result["members"]}}
           if "members" in result else {}),
        **extra,
        "intended_use": "Research and demonstration of streaming ECG classification. Not a medical device.",
    }


def write_model(model: ProbabilityModel, card: dict, out: Path, example: tuple[torch.Tensor, ...]) -> float:
    out.parent.mkdir(parents=True, exist_ok=True)
    export_onnx(model, out, example)
    diff = max_abs_difference(model, out, example)
    if diff >= MAX_ABS_DIFF:
        raise RuntimeError(f"ONNX Runtime differs from PyTorch by {diff:.2e} (limit {MAX_ABS_DIFF:.0e})")
    card["export_check"] = {"max_abs_difference": diff, "records": int(example[0].shape[0])}
    embed_card(card, out)
    return diff


def embed_card(card: dict, out: Path) -> None:
    """Writes the card into the ONNX file's metadata_props (replacing what was there) and beside it as JSON."""
    proto = onnx.load(str(out))
    flat = {"model_card": json.dumps(card), "labels": ",".join(LABELS),
            "thresholds": ",".join(str(card["thresholds"][k]) for k in LABELS),
            "feature_spec_sha256": card["feature_spec_sha256"], "version": card["version"]}
    del proto.metadata_props[:]
    for key, value in flat.items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, value
    proto.producer_name = "ecgmon"
    proto.model_version = int(card["version"].split(".")[0])
    onnx.checker.check_model(proto)
    onnx.save(proto, str(out))
    out.with_name(out.stem + ".card.json").write_text(json.dumps(card, indent=2))


def real_inputs(cache: Path, n: int) -> tuple[torch.Tensor, ...]:
    with np.load(cache / "val.npz") as z:
        return tuple(torch.from_numpy(z[k][:n].astype(np.float32)) for k in INPUT_NAMES)


def main(argv=None):
    p = argparse.ArgumentParser(description="Export a trained run to ONNX with its model card.")
    p.add_argument("--run", type=Path, default=MODEL_DIR / "runs" / "full",
                   help="run folder (a trained run or an ensemble run)")
    p.add_argument("--cache", type=Path, default=MODEL_DIR / "cache" / "ptbxl100",
                   help="fold 9 inputs for the ONNX-vs-PyTorch check")
    p.add_argument("--out", type=Path, default=MODEL_DIR / "ecgmon-ptbxl.onnx")
    p.add_argument("--version", default="1.0.0")
    p.add_argument("--extra", type=Path, default=None, help="JSON merged into the card (ablations, benchmarks)")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    model, result = load_run(args.run)
    example = real_inputs(args.cache, 256)
    extra = json.loads(args.extra.read_text()) if args.extra else {}
    extra.setdefault("cost", count_cost(model, example))
    card = build_card(model, result, extra, args.version)
    diff = write_model(model, card, args.out, example)
    log.info("wrote %s (%.1f MB), max |ONNX - PyTorch| = %.2e on %d fold-9 records", args.out,
             args.out.stat().st_size / 1e6, diff, example[0].shape[0])


if __name__ == "__main__":
    main()
