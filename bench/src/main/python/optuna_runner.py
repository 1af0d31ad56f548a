"""Optuna's side of the Knobs search benchmark.

Reads one JSON command per line on standard input and answers one JSON line on standard output,
so that every objective is evaluated by the Java benchmark itself — the same code for every
sampler. Commands:

  {"op": "study", "seed": 3, "space": {...}}   a new study with TPESampler(seed=3), defaults
  {"op": "ask"}                                 -> {"params": {...}}
  {"op": "tell", "value": 1.23}                 -> {}
  {"op": "cost", "seed": 1, "space": {...}, "history": [[params, value], ...], "repeats": 7}
      -> {"seconds": [...]}: time of study.ask() (which samples every parameter) after the history

A space maps each name to {"type": "float"|"int"|"categorical", "low", "high", "log", "step",
"choices"}.
"""

import json
import sys
import time

import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution

optuna.logging.set_verbosity(optuna.logging.WARNING)


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
    for line in sys.stdin:
        command = json.loads(line)
        op = command["op"]
        if op == "study":
            dists = distributions(command["space"])
            study = optuna.create_study(
                direction="minimize", sampler=optuna.samplers.TPESampler(seed=command["seed"])
            )
            answer = {}
        elif op == "ask":
            trial = study.ask(dists)
            answer = {"params": trial.params}
        elif op == "tell":
            study.tell(trial, command["value"])
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
