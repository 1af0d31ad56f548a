"""Knobs trial helper: one file, no dependencies (Python 3.8+). Copy it next to your trainer.

    import knobs
    p = knobs.params()                 # {"learning_rate": 0.01, "max_depth": 6, "optimizer": "adam"}
    data = knobs.dataset_path()        # the dataset, a CSV file (read-only)
    names, X, y, classes = knobs.table()   # or as numbers, text columns one-hot
    for epoch in range(1, p.get("epochs", 10) + 1):
        ...
        knobs.report(epoch, accuracy=acc, loss=loss)   # early stopping judges these
    ... write the model (ONNX) to knobs.model_path(), or knobs.save_xgboost(booster, classes)
    knobs.finish(accuracy=acc)          # the result; the objective metric must be among them

It prints the lines the platform reads (trainer-image/README.md#your-own-code-on-one-machine-the-
sandbox-and-the-contract-without-a-network): ``knobs step=3 accuracy=0.81`` and
``knobs final accuracy=0.86``. The same from a shell script: ``echo "knobs step=$epoch loss=$loss"``.

The same file works in an image on a cluster, where a trial has a network and the HTTP contract
(``K_SINK``, ``KNOBS_ARTIFACT_TOKEN``): there ``dataset_path()`` downloads the dataset,
``report()`` also publishes ``trial-progress`` (when the experiment stops trials early) and
``finish()`` uploads the model and publishes ``trial-finished``.
"""
import json
import math
import os
import re
import sys

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_last_step = 0
_downloaded = None


def params():
    """The trial's hyperparameters, typed: integers as int, reals as float, text as str."""
    raw = os.environ.get("KNOBS_HPARAMS")
    return json.loads(raw) if raw else {}


def param(name, default=None):
    """One hyperparameter, or ``default`` when the search space does not set it."""
    return params().get(name, default)


def dataset_path():
    """The dataset as a file (CSV), or None when the experiment has none. In an image on a
    cluster it is downloaded once, with the trial's credential."""
    global _downloaded
    path = os.environ.get("KNOBS_DATASET_PATH")
    url = os.environ.get("KNOBS_DATASET_URL")
    if path or not url:
        return path
    if _downloaded is None:
        import shutil
        import tempfile

        target = os.path.join(tempfile.mkdtemp(prefix="knobs-"), "dataset.csv")
        with _request("GET", url) as answer, open(target, "wb") as f:
            shutil.copyfileobj(answer, f)
        _downloaded = target
    return _downloaded


def label_column():
    """The column to predict, or None."""
    return os.environ.get("KNOBS_LABEL_COLUMN")


def objective():
    """The metric the experiment optimises, e.g. ``accuracy``."""
    return os.environ.get("KNOBS_OBJECTIVE_METRIC")


def model_path(format="onnx"):
    """Where to write the trained model; the platform uploads and serves it. ``format``: "onnx"
    (``$KNOBS_MODEL_PATH``), or "xgboost" for an XGBoost model in its JSON format (the same path
    ending ``.json``; ``save_xgboost`` writes it). Leave one of the two."""
    path = os.environ.get("KNOBS_MODEL_PATH", "model.onnx")
    if format == "onnx":
        return path
    if format in ("xgboost", "json"):
        return os.path.splitext(path)[0] + ".json"
    raise ValueError("format is 'onnx' or 'xgboost', not %r" % (format,))


def save_xgboost(booster, classes=None, label=None):
    """Saves an XGBoost ``Booster`` (or the ``get_booster()`` of an ``XGBClassifier``) as JSON
    where the platform serves it from. It needs feature names (train on a DataFrame, or set
    ``booster.feature_names``): requests name them. ``classes``: the class labels in the model's
    order (its outputs 0, 1, ...), so predictions say "yes" rather than "1"; ``label``: the column
    predicted."""
    if not getattr(booster, "feature_names", None):
        raise ValueError("set booster.feature_names first: requests to the model name them")
    if classes is not None:
        booster.set_attr(knobs_classes=json.dumps([str(c) for c in classes]))
    if label is not None:
        booster.set_attr(knobs_label=str(label))
    path = model_path("xgboost")
    booster.save_model(path)
    return path


def table(label=None):
    """The dataset as numbers, for tabular trainers: ``(features, X, y, classes)``. ``features``
    names the columns of ``X`` (a list of rows of floats): a number column as it is (blank: nan),
    a text column one-hot as ``column=value`` for each of its values in sorted order. ``y`` holds
    each row's class index into ``classes`` (the label's values, sorted) — or, when every label is
    a number and there are more than 10 distinct ones, the numbers themselves and ``classes`` None.
    ``label``: the column to predict (default: the experiment's)."""
    import csv

    label = label or label_column()
    with open(dataset_path(), newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], [r for r in rows[1:] if r]
    if label not in header:
        raise ValueError("no column %r in the dataset; columns: %s" % (label, ", ".join(header)))
    at = header.index(label)
    features, columns = [], []
    for c, name in enumerate(header):
        if c == at:
            continue
        values = [r[c].strip() for r in rows]
        if all(v == "" or _is_number(v) for v in values):
            features.append(name)
            columns.append(lambda v: [float(v) if v else float("nan")])
        else:
            seen = sorted({v for v in values if v})
            features.extend("%s=%s" % (name, s) for s in seen)
            columns.append(lambda v, seen=seen: [1.0 if v == s else 0.0 for s in seen])
    cells = [c for c in range(len(header)) if c != at]
    X = [sum((encode(r[c].strip()) for c, encode in zip(cells, columns)), []) for r in rows]
    labels = [r[at].strip() for r in rows]
    if all(_is_number(v) for v in labels) and len(set(labels)) > 10:
        return features, X, [float(v) for v in labels], None
    classes = sorted(set(labels))
    index = {c: i for i, c in enumerate(classes)}
    return features, X, [index[v] for v in labels], classes


def split(n, validation=0.2, seed=0):
    """Row indices ``(train, validation)``: a seeded shuffle, the same for every trial, so the
    trials of an experiment are judged on the same rows."""
    import random

    order = list(range(n))
    random.Random(seed).shuffle(order)
    cut = n - max(1, int(round(n * validation)))
    return order[:cut], order[cut:]


def _is_number(v):
    try:
        return math.isfinite(float(v))
    except ValueError:
        return False


def trial_id():
    return os.environ.get("KNOBS_TRIAL_ID")


def _pairs(metrics):
    if not metrics:
        raise ValueError("report at least one metric, e.g. accuracy=0.9")
    out = []
    for name, value in metrics.items():
        if not _NAME.match(name):
            raise ValueError("a metric name is letters, digits, _ . -: not %r" % name)
        value = float(value)
        if not math.isfinite(value):
            raise ValueError("metric %s is %r; report finite numbers" % (name, value))
        out.append("%s=%s" % (name, repr(value)))
    return " ".join(out)


def report(step, **metrics):
    """An intermediate result after ``step`` (a whole number that grows: epochs, rounds)."""
    global _last_step
    if int(step) != step or step < 1:
        raise ValueError("step must be a whole number from 1, not %r" % (step,))
    if step <= _last_step:
        raise ValueError("steps must grow: %d after %d" % (step, _last_step))
    _last_step = int(step)
    print("knobs step=%d %s" % (step, _pairs(metrics)), flush=True)
    if _networked() and os.environ.get("KNOBS_REPORT_PROGRESS") == "1":
        try:
            _publish("trial-progress", "step/%d" % step, {"step": int(step), "metrics": _floats(metrics)})
        except OSError as e:  # a lost progress report costs a judgement, not the trial
            print("knobs: progress of step %d not sent: %s" % (step, e), file=sys.stderr, flush=True)


def finish(**metrics):
    """The trial's result; then exit 0. In an image on a cluster it also uploads the model left at
    ``model_path()`` (or ``model_path("xgboost")``) and publishes ``trial-finished``."""
    print("knobs final %s" % _pairs(metrics), flush=True)
    if not _networked():
        return
    data = {"status": "SUCCEEDED", "metrics": _floats(metrics)}
    upload = os.environ.get("KNOBS_MODEL_UPLOAD_URL")
    for fmt, path in (("onnx", model_path()), ("xgboost-json", model_path("xgboost"))):
        if upload and os.path.isfile(path):
            with open(path, "rb") as f:
                _request("PUT", upload, f.read(), "application/octet-stream").close()
            data["model"] = {"url": upload, "format": fmt}
            break
    _publish("trial-finished", "finished", data)


def _networked():
    return bool(os.environ.get("K_SINK") and os.environ.get("KNOBS_ARTIFACT_TOKEN"))


def _floats(metrics):
    _pairs(metrics)  # the same checks as the printed line
    return {k: float(v) for k, v in metrics.items()}


def _request(method, url, body=None, content_type=None, headers=None):
    import urllib.request

    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("Authorization", "Bearer " + os.environ["KNOBS_ARTIFACT_TOKEN"])
    if content_type:
        request.add_header("Content-Type", content_type)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    return urllib.request.urlopen(request, timeout=60)


def _publish(kind, id_suffix, data):
    """A CloudEvent in binary mode to the trial's sink, as the HTTP contract says."""
    data = dict(data, experimentId=os.environ.get("KNOBS_EXPERIMENT_ID"), trialId=trial_id())
    headers = {
        "ce-specversion": "1.0",
        "ce-type": "dev.knobs." + kind,
        "ce-source": "/knobs/trials",
        "ce-id": "%s/%s" % (trial_id(), id_suffix),
    }
    body = json.dumps(data).encode("utf-8")
    _request("POST", os.environ["K_SINK"], body, "application/json", headers).close()


if __name__ == "__main__":
    # a quick look at what a trial gets: python3 knobs.py
    json.dump({"params": params(), "dataset": dataset_path(), "model": model_path()}, sys.stdout)
    print()
