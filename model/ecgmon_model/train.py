"""Trains the multimodal model on the cached PTB-XL inputs, selecting on fold 9 (macro AUC).

Checkpoints every epoch and resumes from the last one: rerun the same command after an interruption.
"""
from __future__ import annotations

import argparse
import json
import logging
import random
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn
from tqdm import tqdm

from .metrics import evaluate, macro_auc
from .network import INPUT_NAMES, EcgNet, NetConfig
from .spec import MODEL_DIR

log = logging.getLogger(__name__)


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def load_split(cache: Path, name: str) -> dict[str, torch.Tensor]:
    with np.load(cache / f"{name}.npz") as z:
        data = {k: torch.from_numpy(z[k].astype(np.float32)) for k in (*INPUT_NAMES, "labels")}
    return data


def batches(data: dict, order: np.ndarray, size: int):
    for i in range(0, len(order), size):
        idx = torch.from_numpy(order[i: i + size])
        yield [data[k][idx] for k in INPUT_NAMES], data["labels"][idx]


def oversampling_order(labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """An epoch's worth of indices drawn with weights that even out the classes: each record weighs
    the inverse frequency of its rarest positive class."""
    freq = labels.mean(axis=0)
    weights = np.array([max(1.0 / freq[row == 1]) if row.any() else 1.0 for row in labels])
    weights /= weights.sum()
    return rng.choice(len(labels), size=len(labels), replace=True, p=weights)


def warmup_cosine(total_steps: int, warmup_fraction: float = 0.1):
    """LR factor: linear warm-up, then cosine decay to zero."""
    warmup = max(1, int(total_steps * warmup_fraction))

    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        progress = min(1.0, (step - warmup) / max(1, total_steps - warmup))
        return 0.5 * (1 + np.cos(np.pi * progress))

    return factor


@torch.no_grad()
def predict(model: nn.Module, data: dict, batch_size: int = 256) -> np.ndarray:
    model.eval()
    order = np.arange(len(data["labels"]))
    out = [torch.sigmoid(model(*x)) for x, _ in batches(data, order, batch_size)]
    return torch.cat(out).numpy()


def train(args) -> dict:
    seed_everything(args.seed)
    torch.set_num_threads(args.threads)
    run = Path(args.out)
    run.mkdir(parents=True, exist_ok=True)
    cfg = NetConfig(use_fft=not args.no_fft, use_spectrogram=not args.no_spectrogram,
                    use_metadata=not args.no_metadata, width=args.width)
    log.info("loading cache %s", args.cache)
    train_data, val_data = load_split(args.cache, "train"), load_split(args.cache, "val")
    if args.limit:
        train_data = {k: v[: args.limit] for k, v in train_data.items()}
        val_data = {k: v[: args.limit] for k, v in val_data.items()}
    labels = train_data["labels"].numpy()
    if args.teacher:
        # Knowledge distillation: the target is a mix of the hard labels and a teacher's probabilities
        # (e.g. an ensemble's, from ecgmon_model.teacher). BCE is linear in its target, so this is the
        # same as mixing the two losses with these weights.
        soft = torch.from_numpy(np.load(args.teacher).astype(np.float32))[: len(labels)]
        if soft.shape != train_data["labels"].shape:
            raise ValueError(f"teacher {args.teacher} has shape {tuple(soft.shape)}, the training labels "
                             f"{tuple(train_data['labels'].shape)}")
        train_data["labels"] = (1 - args.distill_weight) * train_data["labels"] + args.distill_weight * soft
    log.info("train %d records, val %d records, config %s, imbalance=%s",
             len(labels), len(val_data["labels"]), cfg.to_dict(), args.imbalance)

    model = EcgNet(cfg)
    pos_weight = None
    if args.imbalance == "pos_weight":
        pos = labels.mean(axis=0)
        pos_weight = torch.tensor((1 - pos) / pos, dtype=torch.float32).sqrt()
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    steps_per_epoch = (len(labels) + args.batch_size - 1) // args.batch_size
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, warmup_cosine(steps_per_epoch * args.epochs))
    # With --ema, an exponential moving average of the weights (BatchNorm statistics included) is kept
    # beside them: same graph, same serving cost; each epoch the better of the two is the candidate.
    ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(args.ema), use_buffers=True) if args.ema else None
    state = {"epoch": 0, "best_auc": -1.0, "history": []}
    last = run / "last.pt"
    if last.exists():
        ck = torch.load(last, weights_only=False)
        model.load_state_dict(ck["model"])
        if ema is not None:
            ema.load_state_dict(ck["ema"])
        opt.load_state_dict(ck["opt"])
        sched.load_state_dict(ck["sched"])
        state = ck["state"]
        torch.set_rng_state(ck["torch_rng"])
        log.info("resumed from %s at epoch %d", last, state["epoch"])

    rng = np.random.default_rng(args.seed + state["epoch"])
    y_val = val_data["labels"].numpy()
    for epoch in range(state["epoch"], args.epochs):
        model.train()
        order = oversampling_order(labels, rng) if args.imbalance == "oversample" else rng.permutation(len(labels))
        started, total = time.time(), 0.0
        bar = tqdm(batches(train_data, order, args.batch_size), total=steps_per_epoch,
                   desc=f"epoch {epoch + 1}/{args.epochs}", unit="batch", mininterval=5)
        for x, y in bar:
            loss = loss_fn(model(*x), y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            if ema is not None:
                ema.update_parameters(model)
            total += loss.item() * len(y)
            bar.set_postfix(loss=f"{loss.item():.4f}")
        raw_auc = macro_auc(y_val, predict(model, val_data))
        entry = {"epoch": epoch + 1, "train_loss": total / len(order), "val_macro_auc_raw": raw_auc}
        # With --ema both the averaged and the last-step weights are candidates each epoch (measured:
        # the average wins on plain training, the last step on distillation, whose targets are smoother).
        candidates = {"raw": (raw_auc, model)}
        if ema is not None:
            entry["val_macro_auc_ema"] = macro_auc(y_val, predict(ema.module, val_data))
            candidates["ema"] = (entry["val_macro_auc_ema"], ema.module)
        weights = max(candidates, key=lambda k: candidates[k][0] if np.isfinite(candidates[k][0]) else -1.0)
        auc, selected = candidates[weights]
        entry.update(val_macro_auc=auc, weights=weights, seconds=time.time() - started)
        state["history"].append(entry)
        log.info("epoch %d: train loss %.4f, val macro AUC %.4f (%s weights; raw %.4f) (%.0f s)", epoch + 1,
                 entry["train_loss"], auc, weights, raw_auc, entry["seconds"])
        if state["best_auc"] < 0 or auc > state["best_auc"]:  # NaN AUC (tiny sets) keeps the first epoch
            state["best_auc"] = auc
            torch.save({"model": selected.state_dict(), "config": cfg.to_dict(), "epoch": epoch + 1,
                        "weights": weights}, run / "best.pt")
        state["epoch"] = epoch + 1
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                    "ema": ema.state_dict() if ema is not None else None,
                    "state": state, "torch_rng": torch.get_rng_state()}, last)

    best = torch.load(run / "best.pt", weights_only=False)
    model.load_state_dict(best["model"])
    result = evaluate(y_val, predict(model, val_data))
    result.update({"best_epoch": best["epoch"], "best_weights": best.get("weights", "raw"), "config": cfg.to_dict(),
                   "imbalance": args.imbalance, "epochs": args.epochs, "seed": args.seed, "ema": args.ema, "lr": args.lr,
                   "weight_decay": args.weight_decay, "batch_size": args.batch_size, "history": state["history"]})
    if args.teacher:
        result["distilled_from"] = {"teacher": str(args.teacher), "weight": args.distill_weight,
                                    **teacher_summary(args.teacher)}
    (run / "result.json").write_text(json.dumps(result, indent=2))
    log.info("best epoch %d (%s weights): val macro AUC %.4f", best["epoch"], result["best_weights"],
             result["macro_auc"])
    return result


def teacher_summary(teacher: Path) -> dict:
    """What the card says of a teacher kept in a run folder (ecgmon_model.teacher writes it there)."""
    result_path = teacher.parent / "result.json"
    if not result_path.exists():
        return {}
    r = json.loads(result_path.read_text())
    members = [{"run": m["run"], "macro_auc": m.get("macro_auc")} for m in r.get("members", [])]
    return {"run": teacher.parent.name, "macro_auc": r.get("macro_auc"), **({"members": members} if members else {})}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description="Train the multimodal ECG model on cached PTB-XL inputs "
                                            "(folds 1-8 train, fold 9 selection).")
    p.add_argument("--cache", type=Path, default=MODEL_DIR / "cache" / "ptbxl100", help="folder of train.npz/val.npz")
    p.add_argument("--out", type=Path, default=MODEL_DIR / "runs" / "full", help="run folder (checkpoints, result.json)")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--weight-decay", type=float, default=1e-2)
    p.add_argument("--width", type=int, default=64)
    p.add_argument("--imbalance", choices=["pos_weight", "oversample", "none"], default="pos_weight")
    p.add_argument("--no-fft", action="store_true", help="ablation: drop the frequency branch")
    p.add_argument("--no-spectrogram", action="store_true", help="ablation: drop the spectrogram branch")
    p.add_argument("--no-metadata", action="store_true", help="ablation: drop the metadata branch")
    p.add_argument("--ema", type=float, default=0.0, metavar="DECAY",
                   help="also keep an exponential moving average of the weights (e.g. 0.998) as a candidate for "
                        "selection each epoch, beside the last-step weights; 0 = off")
    p.add_argument("--teacher", type=Path, default=None,
                   help="teacher probabilities on the training split (.npy, cache order) to distil from")
    p.add_argument("--distill-weight", type=float, default=0.5,
                   help="share of the teacher's probabilities in the training target (with --teacher)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--limit", type=int, default=None, help="use only the first N records (smoke runs)")
    return p


def main(argv=None):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    train(parser().parse_args(argv))


if __name__ == "__main__":
    main()
