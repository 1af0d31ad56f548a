"""Optuna's side of the Knobs search benchmark.

Reads one JSON command per line on standard input and answers one JSON line on standard output,
so that every objective is evaluated by the Java benchmark itself — the same code for every
sampler. Commands:

  {"op": "study", "seed": 3, "space": {...}, "sampler": "tpe", "objectives": 1}
      a new study; sampler (default "tpe"): "tpe" TPESampler's defaults in Optuna 3.1 (univariate),
      "tpe-mv" TPESampler(multivariate=True, constant_liar=True) — Optuna 5's defaults —,
      "qmc" QMCSampler (Sobol), "cmaes" CmaEsSampler (needs python3-cmaes), "nsga2"
      NSGAIISampler (multi-objective), "random"; objectives (default 1): how many values each
      trial is told, all minimised (with 2, TPESampler is multi-objective TPE)
  {"op": "ask"}                                 -> {"params": {...}, "number": 7}
      several asks may be outstanding (trials in flight): running trials are what the
      constant liar lies about
  {"op": "tell", "value": 1.23, "number": 7}    -> {}   (without number: the last asked)
  {"op": "tell", "values": [0.2, 3.1], "number": 7}   a multi-objective study's tell
  {"op": "cost", "seed": 1, "space": {...}, "history": [[params, value], ...], "repeats": 7}
      -> {"seconds": [...]}: time of study.ask() (which samples every parameter) after the history

A space maps each name to {"type": "float"|"int"|"categorical", "low", "high", "log", "step",
"choices"}.
"""

import json
import sys
import time
import warnings

import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution

optuna.logging.set_verbosity(optuna.logging.ERROR)
# multivariate, constant_liar, QMC and CMA-ES's fallbacks are "experimental" in 3.1: say it once
warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
warnings.filterwarnings("ignore", category=UserWarning)


def sampler(name, seed, space):
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if name == "tpe-mv":
        # group=True only matters where the space has conditional parts; these spaces have none
        conditional = any(p.get("when") for p in space.values())
        return optuna.samplers.TPESampler(
            seed=seed, multivariate=True, constant_liar=True, group=conditional
        )
    if name == "qmc":
        return optuna.samplers.QMCSampler(seed=seed)
    if name == "cmaes":
        return optuna.samplers.CmaEsSampler(seed=seed)
    if name == "nsga2":
        return optuna.samplers.NSGAIISampler(seed=seed)
    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    raise ValueError("unknown sampler " + name)


def distributions(space):
    result = {}
    for name, p in space.items():
        if p["type"] == "float":
            result[name] = FloatDistribution(p["low"], p["high"], log=p.get("log", False))
        elif p["type"] == "int":
            log = p.get("log", False)
            result[name] = IntDistribution(
                p["low"], p["high"], log=log, step=1 if log else p.get("step", 1)
            )
        else:
            result[name] = CategoricalDistribution(p["choices"])
    return result


def main():
    study = None
    dists = None
    trial = None
    running = {}
    for line in sys.stdin:
        command = json.loads(line)
        op = command["op"]
        if op == "study":
            dists = distributions(command["space"])
            study = optuna.create_study(
                directions=["minimize"] * command.get("objectives", 1),
                sampler=sampler(command.get("sampler", "tpe"), command["seed"], command["space"]),
            )
            running = {}
            answer = {}
        elif op == "ask":
            trial = study.ask(dists)
            running[trial.number] = trial
            answer = {"params": trial.params, "number": trial.number}
        elif op == "tell":
            told = running.pop(command["number"]) if "number" in command else trial
            study.tell(told, command["values"] if "values" in command else command["value"])
            answer = {}
        elif op == "cost":
            dists = distributions(command["space"])
            study = optuna.create_study(
                direction="minimize", sampler=optuna.samplers.TPESampler(seed=command["seed"])
            )
            study.add_trials(
                [
                    optuna.trial.create_trial(params=params, distributions=dists, value=value)
                    for params, value in command["history"]
                ]
            )
            seconds = []
            for _ in range(command["repeats"]):
                start = time.perf_counter()
                asked = study.ask(dists)
                seconds.append(time.perf_counter() - start)
                study.tell(asked, state=optuna.trial.TrialState.FAIL)
            answer = {"seconds": seconds}
        else:
            answer = {"error": "unknown op " + op}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
