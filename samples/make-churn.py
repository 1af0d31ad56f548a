#!/usr/bin/env python3
"""Writes samples/churn.csv: 1,200 made-up customers of a subscription service and whether they
left ("churn"), for a first experiment. Deterministic (seeded); standard library only.
Run: python3 samples/make-churn.py > samples/churn.csv"""
import math
import random

rng = random.Random(20261130)
print("age,income,plan,visits,tenure,churn")
for _ in range(1200):
    age = rng.randint(18, 75)
    income = round(rng.lognormvariate(10.2, 0.45), 2)
    plan = rng.choices(["basic", "plus", "gold"], weights=[5, 3, 2])[0]
    visits = max(0, int(rng.gauss(14, 7)))
    tenure = round(rng.expovariate(1 / 4.5), 3)
    # leaving is likelier for few visits, short tenure, the basic plan and the young
    score = (
        1.2
        - 0.09 * visits
        - 0.35 * tenure
        + {"basic": 0.8, "plus": 0.0, "gold": -0.7}[plan]
        - 0.015 * (age - 40)
        + rng.gauss(0, 0.8)
    )
    churn = "yes" if 1 / (1 + math.exp(-score)) > 0.5 else "no"
    print(f"{age},{income},{plan},{visits},{tenure},{churn}")
