"""Knobs trial helper: one file, no dependencies (Python 3.8+). Copy it next to your trainer.

    import knobs
    p = knobs.params()                 # {"learning_rate": 0.01, "max_depth": 6, "optimizer": "adam"}
    data = knobs.dataset_path()        # the dataset, a CSV file (read-only)
    for epoch in range(1, p.get("epochs", 10) + 1):
        ...
        knobs.report(epoch, accuracy=acc, loss=loss)   # early stopping judges these
    ... write the model (ONNX) to knobs.model_path()
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


def model_path():
    """Where to write the trained model (ONNX); the platform uploads and serves it."""
    return os.environ.get("KNOBS_MODEL_PATH", "model.onnx")


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
