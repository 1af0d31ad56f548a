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
"""
import json
import math
import os
import re
import sys

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_last_step = 0


def params():
    """The trial's hyperparameters, typed: integers as int, reals as float, text as str."""
    raw = os.environ.get("KNOBS_HPARAMS")
    return json.loads(raw) if raw else {}


def param(name, default=None):
    """One hyperparameter, or ``default`` when the search space does not set it."""
    return params().get(name, default)


def dataset_path():
    """The dataset as a file (CSV), or None when the experiment has none."""
    return os.environ.get("KNOBS_DATASET_PATH")


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


def finish(**metrics):
    """The trial's result; then exit 0."""
    print("knobs final %s" % _pairs(metrics), flush=True)


if __name__ == "__main__":
    # a quick look at what a trial gets: python3 knobs.py
    json.dump({"params": params(), "dataset": dataset_path(), "model": model_path()}, sys.stdout)
    print()
