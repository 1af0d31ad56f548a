#!/usr/bin/env bash
# Checks the trainer image the way a container runtime would run it, without one: unpacks the OCI
# image's layers into a root filesystem, mounts /proc, and runs the image's own entrypoint there
# (chroot, as the image's user) — one XGBoost and one linear-SGD trial on a generated CSV, then
# `serve` on the trained model, answering a prediction over HTTP. Needs root (chroot, mount).
#   usage: verify-image.sh <image.tar>
set -euo pipefail
tarball="$(realpath "$1")"
work="$(mktemp -d)"
root="$work/root"
cleanup() {
  [[ -n "${server:-}" ]] && kill "$server" 2>/dev/null || true
  mountpoint -q "$root/proc" && umount "$root/proc" || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/oci" "$root"
tar -xf "$tarball" -C "$work/oci"

# unpack the layers in order; read the entrypoint and the user from the image's config
python3 - "$work/oci" "$root" "$work/entrypoint" "$work/user" <<'PY'
import json, sys, tarfile, os
oci, root, entry_out, user_out = sys.argv[1:]
blob = lambda d: os.path.join(oci, "blobs", *d.split(":"))
index = json.load(open(os.path.join(oci, "index.json")))
manifest = json.load(open(blob(index["manifests"][0]["digest"])))
for layer in manifest["layers"]:
    with tarfile.open(blob(layer["digest"]), "r:*") as t:
        t.extractall(root)
config = json.load(open(blob(manifest["config"]["digest"])))["config"]
open(entry_out, "w").write("\0".join(config["Entrypoint"]))
open(user_out, "w").write(config.get("User", "0"))
PY
mapfile -d '' entrypoint < "$work/entrypoint"
user="$(cat "$work/user")"
mkdir -p "$root/proc" && mount -t proc proc "$root/proc"
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

run() {  # runs the image's entrypoint with the given environment and arguments
  local env=("$@")
  env -i PATH=/opt/java/bin HOME=/work "${env[@]}" "$(command -v chroot)" --userspec="$user" "$root" "${entrypoint[@]}" "${args[@]}"
}

for algorithm in xgboost linear-sgd; do
  args=(train)
  out="$(run KNOBS_EXPERIMENT_ID=image KNOBS_TRIAL_ID="image-$algorithm" KNOBS_ALGORITHM="$algorithm" KNOBS_HPARAMS='{}' \
        KNOBS_DATASET_URL=file:///work/data.csv KNOBS_LABEL_COLUMN=label KNOBS_MODEL_UPLOAD_URL="file:///work/$algorithm.model")"
  echo "$out" | grep -q '^accuracy=' || { echo "image: $algorithm trial printed no accuracy:"; echo "$out"; exit 1; }
  echo "image: $algorithm trial: $(echo "$out" | grep '^accuracy=')"
done

args=(serve)
run KNOBS_MODEL_NAME=m KNOBS_MODEL_URL=file:///work/xgboost.model KNOBS_MODEL_FORMAT=xgboost-json PORT=18734 KNOBS_HOST=127.0.0.1 \
  > "$work/serve.log" 2>&1 &
server=$!
python3 - <<'PY'
import json, time, urllib.request
deadline = time.time() + 60
while True:
    try:
        if urllib.request.urlopen("http://127.0.0.1:18734/v2/health/ready", timeout=2).status == 200:
            break
    except Exception:
        if time.time() > deadline:
            raise SystemExit("image: serve did not become ready")
        time.sleep(0.3)
body = json.dumps({"instances": [{"x1": 2.0, "x2": -1.0, "color": "red"}, {"x1": -2.0, "x2": 1.5, "color": "blue"}]}).encode()
answer = json.load(urllib.request.urlopen(urllib.request.Request("http://127.0.0.1:18734/v1/models/m:predict", body), timeout=10))
labels = [p["label"] for p in answer["predictions"]]
assert labels == ["yes", "no"], answer
print("image: serve answered", labels)
PY
echo "image: ok ($(du -h "$tarball" | cut -f1), user $user)"
