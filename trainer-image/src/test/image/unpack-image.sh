# Shared by the image checks: unpack_image <oci.tar> unpacks the image's layers in order into
# "$root" (under a fresh "$work"), reads its entrypoint into the array "entrypoint" and its user
# into "$user", mounts /proc in it, and cleans everything up when the calling script exits.
unpack_image() {
  local tarball
  tarball="$(realpath "$1")"
  work="$(mktemp -d)"
  root="$work/root"
  trap 'unpack_image_cleanup' EXIT
  mkdir -p "$work/oci" "$root"
  tar -xf "$tarball" -C "$work/oci"
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
  mkdir -p "$root/proc" "$root/tmp" "$root/work"
  mount -t proc proc "$root/proc"
  echo "image: $(du -h "$tarball" | cut -f1), entrypoint ${entrypoint[*]}, user $user"
}

unpack_image_cleanup() {
  if [[ -n "${server:-}" ]]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  if mountpoint -q "$root/proc"; then
    umount "$root/proc" 2>/dev/null || umount -l "$root/proc" || true
  fi
  rm -rf "$work" || true
}

# in_image <VAR=value...> -- <args...>: runs the image's entrypoint with that environment and
# arguments, replacing the calling (sub)shell — call it as $(in_image …) or in_image … & so that
# $! is the server itself and the cleanup can stop it.
in_image() {
  local env=()
  while [[ "$1" != "--" ]]; do env+=("$1"); shift; done
  shift
  exec env -i PATH=/opt/java/bin HOME=/work "${env[@]}" "$(command -v chroot)" --userspec="$user" "$root" "${entrypoint[@]}" "$@"
}

# await_http <url> <seconds>: waits until the URL answers 200
await_http() {
  python3 - "$1" "$2" <<'PY'
import sys, time, urllib.request
url, deadline = sys.argv[1], time.time() + float(sys.argv[2])
while True:
    try:
        if urllib.request.urlopen(url, timeout=2).status == 200:
            break
    except Exception:
        if time.time() > deadline:
            raise SystemExit("image: " + url + " did not answer 200")
        time.sleep(0.3)
PY
}

# require_free_port <port>: fails when something already listens there (it would answer for us)
require_free_port() {
  python3 - "$1" <<'PY'
import socket, sys
s = socket.socket()
try:
    s.connect(("127.0.0.1", int(sys.argv[1])))
    raise SystemExit("image: port " + sys.argv[1] + " is already in use; stop what listens there first")
except ConnectionRefusedError:
    pass
PY
}
