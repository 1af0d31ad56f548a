#!/usr/bin/env bash
# Checks a web or functions image the way a container runtime would run it (see verify-image.sh):
# its entrypoint starts the Quarkus application as the image's non-root user, in cluster mode,
# until the liveness probe answers.
#   usage: verify-quarkus-image.sh <image.tar>
set -euo pipefail
# shellcheck source=unpack-image.sh
source "$(dirname "$0")/unpack-image.sh"
unpack_image "$1"
chmod 777 "$root/work" "$root/tmp"
# cluster mode with no cluster and no database: the application must still start and be live
# (the schema is neither migrated nor checked, which needs the database, so that the image's runtime
# is what is checked)
require_free_port 18735
in_image QUARKUS_HIBERNATE_ORM_SCHEMA_MANAGEMENT_STRATEGY=none KNOBS_DB_MIGRATE=false PORT=18735 KNOBS_MODE=cluster KNOBS_DATA_DIR=/tmp/knobs KNOBS_MODEL_PUBLISHER=knative KNOBS_TRIAL_LAUNCHER=kubernetes \
  KNOBS_ARTIFACT_TOKEN=t KNOBS_DB_URL=postgresql://127.0.0.1:1/knobs -- > "$work/app.log" 2>&1 &
server=$!
if ! await_http http://127.0.0.1:18735/q/health/live 90; then
  tail -40 "$work/app.log"
  exit 1
fi
echo "image: live at /q/health/live"
