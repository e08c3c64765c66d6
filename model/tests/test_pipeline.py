"""Cache -> one short training -> resume -> ONNX export, on the tiny synthetic PTB-XL."""
import json

import numpy as np
import onnx
import pytest
import torch

from ecgmon_model import export, train
from ecgmon_model.dataset import build_cache
from ecgmon_model.network import INPUT_NAMES
from ecgmon_model.spec import spec_sha256


@pytest.fixture(scope="module")
def cache(tiny_ptbxl, tmp_path_factory):
    return build_cache(tiny_ptbxl, tmp_path_factory.mktemp("cache"), workers=1)


@pytest.fixture(scope="module")
def run(cache, tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    args = train.parser().parse_args(["--cache", str(cache), "--out", str(out), "--epochs", "1",
                                      "--batch-size", "8", "--width", "16", "--threads", "1"])
    train.train(args)
    return out, args


def test_cache_holds_the_spec_inputs_split_by_fold(cache):
    with np.load(cache / "train.npz") as tr, np.load(cache / "val.npz") as va:
        # 36 records, fold 9 is every 9th; ids 6, 12, ... (no diagnostic superclass) are left out
        assert len(va["ecg_id"]) + len(tr["ecg_id"]) == 30
        assert set(va["ecg_id"]) == {9, 27}
        assert tr["ecg"].shape[1:] == (12, 1000)
        assert tr["spectrogram"].shape[1:] == (12, 33, 59)
        assert tr["metadata"].shape[1:] == (8,)
        assert tr["labels"].sum(axis=1).min() >= 1
    assert (cache / "spec.sha256").read_text() == spec_sha256()


def test_training_writes_checkpoints_and_a_result(run):
    out, _ = run
    result = json.loads((out / "result.json").read_text())
    assert (out / "best.pt").exists() and (out / "last.pt").exists()
    assert len(result["history"]) == 1
    assert np.isfinite(result["history"][0]["train_loss"])
    assert set(result["thresholds"]) == {"NORM", "MI", "STTC", "CD", "HYP"}


def test_training_resumes_from_the_last_checkpoint(run, tmp_path):
    out, args = run
    resumed = tmp_path / "resumed"
    resumed.mkdir()
    for name in ("last.pt", "best.pt"):
        (resumed / name).write_bytes((out / name).read_bytes())
    args2 = train.parser().parse_args(["--cache", str(args.cache), "--out", str(resumed), "--epochs", "2",
                                       "--batch-size", "8", "--width", "16", "--threads", "1"])
    result = train.train(args2)
    assert [h["epoch"] for h in result["history"]] == [1, 2]


def test_oversampling_favours_rare_classes():
    labels = np.array([[1, 0]] * 90 + [[0, 1]] * 10, dtype=np.float32)
    order = train.oversampling_order(labels, np.random.default_rng(0))
    assert 0.4 < labels[order, 1].mean() < 0.6


def test_export_matches_pytorch_and_carries_the_card(run, cache, tmp_path):
    out, _ = run
    model, result = export.load_run(out)
    example = export.real_inputs(cache, 4)
    card = export.build_card(model, result, {"cost": export.count_cost(model, example)}, "0.0.1")
    path = tmp_path / "m.onnx"
    diff = export.write_model(model, card, path, example)
    assert diff < 1e-4

    proto = onnx.load(str(path))
    props = {p.key: p.value for p in proto.metadata_props}
    assert props["labels"] == "NORM,MI,STTC,CD,HYP"
    assert props["feature_spec_sha256"] == spec_sha256()
    embedded = json.loads(props["model_card"])
    assert embedded["thresholds"] == result["thresholds"]
    assert [i.name for i in proto.graph.input] == list(INPUT_NAMES)
    assert proto.opset_import[0].version >= 17
    assert json.loads((tmp_path / "m.card.json").read_text())["version"] == "0.0.1"

    # dynamic batch axis: a batch size never seen at export time
    import onnxruntime as ort
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    feeds = {n: np.repeat(t.numpy()[:1], 3, axis=0) for n, t in zip(INPUT_NAMES, example)}
    probs = session.run(None, feeds)[0]
    assert probs.shape == (3, 5)
    assert np.all((probs >= 0) & (probs <= 1))


def test_export_refuses_a_model_that_onnx_runtime_cannot_reproduce(run, cache, tmp_path, monkeypatch):
    out, _ = run
    model, result = export.load_run(out)
    monkeypatch.setattr(export, "max_abs_difference", lambda *a: 1e-2)
    with pytest.raises(RuntimeError, match="differs"):
        export.write_model(model, export.build_card(model, result, {}, "0.0.1"), tmp_path / "x.onnx",
                           export.real_inputs(cache, 2))


def test_model_card_markdown_states_metrics_limits_and_credit(run, cache):
    from ecgmon_model.publish import collect, render_markdown
    out, _ = run
    model, result = export.load_run(out)
    ablations = collect(out.parent, [(out.name, "tiny run")])
    card = export.build_card(model, result, {"ablations": ablations,
                                             "cost": export.count_cost(model, export.real_inputs(cache, 1))}, "0.0.1")
    text = render_markdown(card)
    assert f"Macro AUC **{result['macro_auc']:.4f}**" in text
    assert "| tiny run |" in text
    assert "Not a medical device" in text
    assert "CC-BY 4.0" in text and "Wagner" in text


def test_card_only_refresh_adds_the_comparison_tables_and_keeps_the_graph(run, cache, tmp_path):
    from ecgmon_model import publish
    out, _ = run
    model, result = export.load_run(out)
    path = tmp_path / "m.onnx"
    export.write_model(model, export.build_card(model, result, {}, "0.0.1"), path, export.real_inputs(cache, 2))
    graph = onnx.load(str(path)).graph.SerializeToString()
    runs = tmp_path / "runs"
    for name in ("time_only", "full_oversample"):  # two finished runs of the tables, the others missing
        (runs / name).mkdir(parents=True)
        (runs / name / "result.json").write_text((out / "result.json").read_text())

    publish.main(["--card-only", "--out", str(path), "--runs", str(runs), "--cache", str(tmp_path / "no-cache")])

    proto = onnx.load(str(path))
    assert proto.graph.SerializeToString() == graph
    card = json.loads({p.key: p.value for p in proto.metadata_props}["model_card"])
    assert [r["run"] for r in card["ablations"]] == ["time_only"]
    assert [r["run"] for r in card["imbalance_comparison"]] == ["full_oversample"]
    assert card["schedule_comparison"] == []
    assert card["thresholds"] == result["thresholds"]
    assert json.loads((tmp_path / "m.card.json").read_text())["ablations"] == card["ablations"]
    text = (tmp_path / "MODEL_CARD.md").read_text()
    assert "| time (1D CNN + Transformer) |" in text and "oversampling" in text

    # a later refresh keeps the rows of runs that are gone from disk, and adds the new ones
    import shutil
    shutil.rmtree(runs / "time_only")
    (runs / "full_ema_s7").mkdir()
    (runs / "full_ema_s7" / "result.json").write_text((out / "result.json").read_text())
    publish.main(["--card-only", "--out", str(path), "--runs", str(runs), "--cache", str(tmp_path / "no-cache")])
    card = publish.card_of(path)
    assert [r["run"] for r in card["ablations"]] == ["time_only"]
    assert [r["run"] for r in card["recipe_comparison"]] == ["full_ema_s7"]
    assert "Weight averaging, ensembling, distillation" in (tmp_path / "MODEL_CARD.md").read_text()


def test_compare_uses_checkpoints_or_a_matching_onnx_file(run, cache, tmp_path):
    import shutil
    from ecgmon_model import compare
    from ecgmon_model.metrics import macro_auc
    out, _ = run
    # the tiny fold 9 has too few records for an AUC: compare on the 32 training records instead
    wide = tmp_path / "cache"
    wide.mkdir()
    shutil.copy(cache / "train.npz", wide / "val.npz")
    runs = tmp_path / "runs"
    shutil.copytree(out, runs / "full")
    shutil.copytree(out, runs / "time_only")
    model, result = export.load_run(out)
    path = tmp_path / "m.onnx"
    export.write_model(model, export.build_card(model, result, {}, "0.0.1"), path, export.real_inputs(cache, 2))
    labels = np.load(wide / "val.npz")["labels"]
    recorded = macro_auc(labels, compare.fold9_probabilities(runs / "full", wide))
    (runs / "exported").mkdir()  # a run whose checkpoint is gone: only its result and its ONNX file
    (runs / "exported" / "result.json").write_text(json.dumps({**result, "macro_auc": recorded}))

    table = compare.compare(runs, ["time_only", "exported", "full", "never_ran"], "full", wide,
                            {"exported": path}, rounds=50)
    assert set(table) == {"time_only", "exported", "full"}
    assert table["time_only"]["delta_ci95"] == [0.0, 0.0]  # the same weights: no difference at all
    assert table["full"]["macro_auc"] == pytest.approx(recorded)
    kept = np.load(runs / "exported" / compare.PROBABILITIES)
    assert np.allclose(kept, np.load(runs / "full" / compare.PROBABILITIES), atol=1e-4)

    (runs / "other").mkdir()
    (runs / "other" / "result.json").write_text(json.dumps({**result, "macro_auc": recorded - 0.1}))
    with pytest.raises(ValueError, match="not the same model"):
        compare.fold9_probabilities(runs / "other", wide, path)


def test_500hz_records_are_resampled_to_the_spec_rate(tiny_ptbxl, tmp_path):
    hr = build_cache(tiny_ptbxl, tmp_path / "hr", use_hr=True, workers=1, limit=1)
    with np.load(hr / "train.npz") as z:
        assert z["ecg"].shape[1:] == (12, 1000)
        assert np.isfinite(z["spectrogram"].astype(np.float32)).all()


def test_evaluate_cli_reports_at_the_card_thresholds(run, cache, tiny_ptbxl, tmp_path, capsys):
    from ecgmon_model import evaluate as ev
    out, _ = run
    model, result = export.load_run(out)
    path = tmp_path / "m.onnx"
    export.write_model(model, export.build_card(model, result, {}, "0.0.1"), path, export.real_inputs(cache, 2))
    report_path = tmp_path / "report.json"
    ev.main(["--data", str(tiny_ptbxl), "--fold", "1", "2", "3", "--model", str(path), "--json", str(report_path)])
    report = json.loads(report_path.read_text())
    assert report["n"] == 10  # folds 1-3 hold 12 records, 2 without a diagnostic superclass
    assert report["thresholds"] == result["thresholds"]
    assert "macro AUC" in capsys.readouterr().out


def test_ema_training_selects_the_better_of_averaged_and_last_step_weights(cache, tmp_path, monkeypatch):
    common = ["--cache", str(cache), "--batch-size", "8", "--width", "16", "--threads", "1", "--ema", "0.5"]
    weight = "time.cnn.0.weight"

    def run_with(aucs, out, epochs):  # fold-9 AUCs in the order train asks for them: raw, then EMA, each epoch
        scores = iter(aucs)
        monkeypatch.setattr(train, "macro_auc", lambda y, p: next(scores))
        result = train.train(train.parser().parse_args([*common, "--out", str(out), "--epochs", str(epochs)]))
        last = torch.load(out / "last.pt", weights_only=False)
        averaged = {k.removeprefix("module."): v for k, v in last["ema"].items() if k.startswith("module.")}
        return result, torch.load(out / "best.pt", weights_only=False), last, averaged

    result, best, last, averaged = run_with([0.6, 0.7], tmp_path / "ema", 1)
    assert result["ema"] == 0.5 and result["best_weights"] == "ema"
    assert result["history"][0] | {"val_macro_auc_raw": 0.6, "val_macro_auc_ema": 0.7, "weights": "ema"} \
        == result["history"][0]
    assert torch.equal(best["model"][weight], averaged[weight])  # what is exported is the average ...
    assert not torch.equal(best["model"][weight], last["model"][weight])  # ... not the last step's weights
    steps = int(last["ema"]["n_averaged"])

    # resumed for a second epoch whose last-step weights beat everything so far: those are selected
    result, best, last, averaged = run_with([0.8, 0.75], tmp_path / "ema", 2)
    assert [h["epoch"] for h in result["history"]] == [1, 2]
    assert result["best_epoch"] == 2 and result["best_weights"] == "raw"
    assert torch.equal(best["model"][weight], last["model"][weight])
    assert int(last["ema"]["n_averaged"]) == 2 * steps  # the average went on from where it stopped


def test_an_ensemble_run_exports_as_one_graph_giving_the_mean_of_its_members(run, cache, tmp_path):
    import shutil
    import onnxruntime as ort
    from ecgmon_model import compare, ensemble
    from ecgmon_model.publish import render_markdown
    out, args = run
    runs = tmp_path / "runs"
    shutil.copytree(out, runs / "seed7")
    train.train(train.parser().parse_args(["--cache", str(cache), "--out", str(runs / "seed8"), "--epochs", "1",
                                           "--batch-size", "8", "--width", "16", "--threads", "1", "--seed", "8"]))
    ensemble.main(["--run", str(runs / "seed7"), str(runs / "seed8"), "--cache", str(cache),
                   "--out", str(runs / "ens")])
    model, result = export.load_run(runs / "ens")
    assert [m["run"] for m in result["members"]] == ["seed7", "seed8"]
    assert [m["seed"] for m in result["members"]] == [args.seed, 8]
    kept = [compare.fold9_probabilities(runs / n, cache) for n in ("seed7", "seed8", "ens")]
    assert np.allclose(kept[2], (kept[0] + kept[1]) / 2, atol=1e-6)

    example = export.real_inputs(cache, 4)
    path = tmp_path / "ensemble.onnx"
    export.write_model(model, export.build_card(model, result, {}, "0.0.1"), path, example)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    got = session.run(None, {n: t.numpy() for n, t in zip(INPUT_NAMES, example)})[0]
    with torch.no_grad():
        members = [export.load_run(runs / n)[0](*example).numpy() for n in ("seed7", "seed8")]
    assert not np.allclose(members[0], members[1], atol=1e-3)  # two different networks ...
    assert np.allclose(got, np.mean(members, axis=0), atol=1e-5)  # ... served as their mean
    assert [i.name for i in onnx.load(str(path)).graph.input] == list(INPUT_NAMES)
    card = json.loads((tmp_path / "ensemble.card.json").read_text())
    assert [m["run"] for m in card["ensemble"]["members"]] == ["seed7", "seed8"]
    assert "the mean of the probabilities of 2 networks" in render_markdown(card)

    with pytest.raises(ValueError, match="two or more"):
        ensemble.make_ensemble([runs / "seed7"], runs / "one", cache)

    # distilled from the ensemble: the student's card says from what, and how
    from ecgmon_model import teacher
    teacher.main(["--run", str(runs / "ens"), "--cache", str(cache), "--out", str(runs / "ens" / "teacher.npy")])
    student = train.train(train.parser().parse_args(
        ["--cache", str(cache), "--out", str(runs / "student"), "--epochs", "1", "--batch-size", "8", "--width", "16",
         "--threads", "1", "--teacher", str(runs / "ens" / "teacher.npy"), "--distill-weight", "0.8"]))
    assert [m["run"] for m in student["distilled_from"]["members"]] == ["seed7", "seed8"]
    s_model, _ = export.load_run(runs / "student")
    text = render_markdown(export.build_card(s_model, student, {}, "0.0.1"))
    assert "0.2 x the label + 0.8 x the probabilities of a teacher" in text and "`seed8`" in text


def test_distillation_trains_towards_the_teacher_mix(run, cache, tmp_path):
    from ecgmon_model import teacher
    out, _ = run
    soft_path = tmp_path / "teacher.npy"
    teacher.main(["--run", str(out), "--cache", str(cache), "--out", str(soft_path)])
    soft = np.load(soft_path)
    with np.load(cache / "train.npz") as z:
        hard = z["labels"].astype(np.float32)
    assert soft.shape == hard.shape and np.all((soft > 0) & (soft < 1))

    common = ["--cache", str(cache), "--epochs", "1", "--batch-size", "8", "--width", "16", "--threads", "1"]
    result = train.train(train.parser().parse_args(
        [*common, "--out", str(tmp_path / "student"), "--teacher", str(soft_path), "--distill-weight", "0.3"]))
    assert result["distilled_from"]["weight"] == 0.3
    assert "members" not in result["distilled_from"]  # a bare .npy: nothing known of the teacher
    # a teacher that says the opposite of every label: the student's first-epoch loss must reflect it
    np.save(tmp_path / "wrong.npy", 1 - hard)
    flipped = train.train(train.parser().parse_args(
        [*common, "--out", str(tmp_path / "flipped"), "--teacher", str(tmp_path / "wrong.npy"),
         "--distill-weight", "1.0"]))
    assert flipped["history"][0]["train_loss"] != pytest.approx(result["history"][0]["train_loss"], rel=1e-3)

    np.save(tmp_path / "short.npy", soft[:3])
    with pytest.raises(ValueError, match="teacher"):
        train.train(train.parser().parse_args([*common, "--out", str(tmp_path / "bad"), "--teacher",
                                               str(tmp_path / "short.npy")]))
