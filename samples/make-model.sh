#!/usr/bin/env bash
# Builds samples/price.onnx with the ONNX protobuf classes the trainer ships (build them first:
# ./mvnw -q package -DskipTests -pl trainer-image -am).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
java -cp "trainer-image/target/trainer/lib/*:$(ls trainer-image/target/knobs-trainer-*-tests.jar)" \
  samples/MakeModel.java samples/price.onnx
echo "samples/price.onnx: $(wc -c < samples/price.onnx) bytes"
