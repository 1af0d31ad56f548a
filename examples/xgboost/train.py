"""Gradient-boosted trees with the XGBoost Python package, tuned by Knobs and served from XGBoost's
JSON format.

Hyperparameters (all optional): learning_rate, max_depth, n_estimators, subsample,
colsample_bytree, min_child_weight, reg_lambda. Every 5 boosting rounds it reports the validation
accuracy (`knobs step=N accuracy=...`, N the rounds so far), so early stopping can prune a trial
that falls behind; the end reports accuracy and log loss.

The model is saved with its feature names (`age`, `plan=basic`, ... as knobs.table() names them)
and its class names, so the served model takes rows of named features and answers the label and
its probabilities.

Runs in Knobs' sandbox (no network) with Debian's python3-xgboost: python3 train.py
"""
import numpy as np
import xgboost as xgb

import knobs

p = knobs.params()
names, X, y, classes = knobs.table()
if classes is None:
    raise SystemExit("this example classifies; the label column has numbers")
X, y = np.asarray(X, dtype=np.float32), np.asarray(y)
train, valid = knobs.split(len(y))
dtrain = xgb.DMatrix(X[train], label=y[train], feature_names=names)
dvalid = xgb.DMatrix(X[valid], label=y[valid], feature_names=names)

binary = len(classes) == 2
params = {
    "objective": "binary:logistic" if binary else "multi:softprob",
    "eval_metric": "logloss" if binary else "mlogloss",
    "eta": float(p.get("learning_rate", 0.1)),
    "max_depth": int(p.get("max_depth", 4)),
    "subsample": float(p.get("subsample", 1.0)),
    "colsample_bytree": float(p.get("colsample_bytree", 1.0)),
    "min_child_weight": float(p.get("min_child_weight", 1.0)),
    "lambda": float(p.get("reg_lambda", 1.0)),
    "nthread": 1,
    "seed": 0,
}
if not binary:
    params["num_class"] = len(classes)


def accuracy_of(booster):
    scores = booster.predict(dvalid)
    predicted = (scores > 0.5).astype(int) if binary else scores.argmax(axis=1)
    return float((predicted == y[valid]).mean())


class Report(xgb.callback.TrainingCallback):
    """Every 5 rounds, the validation accuracy: what early stopping judges."""

    def after_iteration(self, model, epoch, evals_log):
        if (epoch + 1) % 5 == 0:
            knobs.report(epoch + 1, accuracy=accuracy_of(model))
        return False


log = {}
booster = xgb.train(params, dtrain, num_boost_round=int(p.get("n_estimators", 100)),
                    evals=[(dvalid, "valid")], evals_result=log, verbose_eval=False,
                    callbacks=[Report()])
knobs.save_xgboost(booster, classes=classes, label=knobs.label_column())
knobs.finish(accuracy=accuracy_of(booster), logloss=log["valid"][params["eval_metric"]][-1])
