#!/usr/bin/env bash
# Builds the trainer image's root filesystem without a Docker daemon or a registry: a jlink'ed
# Java runtime holding only the modules the trainer uses, the shared libraries that runtime and
# the XGBoost and ONNX Runtime natives load (taken from this machine, found with ldd), and a
# non-root user. Jib then layers the application on top (profile `image`, trainer-image/pom.xml).
# The web and functions images use it too, with the whole runtime (ALL-MODULE-PATH).
#   usage: build-rootfs.sh <output-dir> <dir-with-the-app's-jars> [jlink modules]
set -euo pipefail
shopt -s nullglob
out="$1"
libs="$2"
java_home="${KNOBS_IMAGE_JDK:-/usr/lib/jvm/java-17-openjdk-amd64}"
modules="${3:-java.base,java.desktop,java.management,java.naming,java.net.http,java.scripting,java.security.jgss,java.security.sasl,java.sql,jdk.crypto.ec,jdk.httpserver,jdk.unsupported,jdk.zipfs}"

rm -rf "$out"
mkdir -p "$out/opt" "$out/etc" "$out/tmp" "$out/work"
chmod 1777 "$out/tmp"
"$java_home/bin/jlink" --add-modules "$modules" --output "$out/opt/java" \
  --strip-debug --no-header-files --no-man-pages --compress=2

# a headless runtime: no X11 toolkit, splash screen or AWT native interface
rm -f "$out/opt/java/lib/libawt_xawt.so" "$out/opt/java/lib/libsplashscreen.so" "$out/opt/java/lib/libjawt.so"

# the natives the trainer loads at run time, unpacked from their jars to find what they link
natives="$(mktemp -d)"
trap 'rm -rf "$natives"' EXIT
for jar in "$libs"/*xgboost4j_*.jar "$libs"/*onnxruntime-*.jar; do
  (cd "$natives" && jar xf "$jar" $(jar tf "$jar" | grep -E 'linux.*x86_64.*\.so$|linux-x64/.*\.so$' || true))
done

# every shared library any of them needs, and the dynamic loader, at the same paths as here
{
  find "$out/opt/java" "$natives" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
    | xargs -0 -n 1 ldd 2>/dev/null \
    | awk '/=> \// { print $3 } /^[ \t]*\/.*ld-linux/ { print $1 }'
} | sort -u | while read -r lib; do
  cp -L --parents "$lib" "$out"
done

echo "knobs:x:1000:1000:knobs:/work:/sbin/nologin" > "$out/etc/passwd"
echo "knobs:x:1000:" > "$out/etc/group"
du -sh "$out" | awk '{ print "image root filesystem: " $1 }'
