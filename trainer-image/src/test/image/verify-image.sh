#!/usr/bin/env bash
# Checks the trainer image the way a container runtime would run it, without one: unpacks the OCI
# image's layers into a root filesystem, mounts /proc, and runs the image's own entrypoint there
# (chroot, as the image's user) — one XGBoost and one linear-SGD trial on a generated CSV, then
# `serve` on the trained model, answering a prediction over HTTP. Needs root (chroot, mount).
#   usage: verify-image.sh <image.tar>
set -euo pipefail
# shellcheck source=unpack-image.sh
source "$(dirname "$0")/unpack-image.sh"
unpack_image "$1"
chmod 777 "$root/work" "$root/tmp"

python3 - "$root/work/data.csv" <<'PY'
import random, sys
random.seed(3)
with open(sys.argv[1], "w") as f:
    f.write("x1,x2,color,label\n")
    for _ in range(600):
        x1, x2, c = random.gauss(0, 1), random.gauss(0, 1), random.choice(["red", "green", "blue"])
        f.write(f"{x1:.4f},{x2:.4f},{c},{'yes' if 1.5 * x1 - x2 + (0.8 if c == 'red' else 0) > 0 else 'no'}\n")
PY

for algorithm in xgboost linear-sgd; do
  out="$(in_image KNOBS_EXPERIMENT_ID=image KNOBS_TRIAL_ID="image-$algorithm" KNOBS_ALGORITHM="$algorithm" KNOBS_HPARAMS='{}' \
        KNOBS_DATASET_URL=file:///work/data.csv KNOBS_LABEL_COLUMN=label KNOBS_MODEL_UPLOAD_URL="file:///work/$algorithm.model" -- train)"
  echo "$out" | grep -q '^accuracy=' || { echo "image: $algorithm trial printed no accuracy:"; echo "$out"; exit 1; }
  echo "image: $algorithm trial: $(echo "$out" | grep '^accuracy=')"
done

require_free_port 18734
in_image KNOBS_MODEL_NAME=m KNOBS_MODEL_URL=file:///work/xgboost.model KNOBS_MODEL_FORMAT=xgboost-json PORT=18734 KNOBS_HOST=127.0.0.1 \
  -- serve > "$work/serve.log" 2>&1 &
server=$!
await_http http://127.0.0.1:18734/v2/health/ready 60
python3 - <<'PY'
import json, urllib.request
body = json.dumps({"instances": [{"x1": 2.0, "x2": -1.0, "color": "red"}, {"x1": -2.0, "x2": 1.5, "color": "blue"}]}).encode()
answer = json.load(urllib.request.urlopen(urllib.request.Request("http://127.0.0.1:18734/v1/models/m:predict", body), timeout=10))
labels = [p["label"] for p in answer["predictions"]]
assert labels == ["yes", "no"], answer
print("image: serve answered", labels)
PY
echo "image: trainer ok"
