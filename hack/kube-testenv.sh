#!/usr/bin/env bash
# Builds kube-apiserver and etcd from Go modules and installs them, with a copy
# of kubectl, where fabric8 kube-api-test looks for them in offline mode:
#
#   ${KUBE_API_TEST_DIR:-$HOME/.cache/vigil/kube-api-test}/k8s/<version>-linux-<arch>/
#
# The versions are those pinned in hack/kube-testenv/{apiserver,etcd}/go.mod.
# A second run with the binaries in place and an unchanged stamp returns at
# once. Prints the binary directory on the last line of stdout.
#
# Options / environment:
#   --force                  rebuild even if the stamp matches
#   KUBE_API_TEST_DIR        install root (same variable kube-api-test reads)
#   KUBE_TESTENV_JOBS        go build -p and GOMAXPROCS (default: half the CPUs)
#   GOMODCACHE, GOCACHE      Go's own defaults (~/go/pkg/mod, ~/.cache/go-build)
#                            are kept, so later builds reuse them
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/kube-testenv"
force=0
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "kube-testenv: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

log() { echo "kube-testenv: $*" >&2; }
die() { log "$*"; exit 1; }

# Version of a required module, read from a wrapper go.mod.
mod_version() { # <go.mod> <module path>
  awk -v m="$2" '($1 == m || ($1 == "require" && $2 == m)) && $0 !~ /=>/ {
      print ($1 == "require" ? $3 : $2); exit }' "$1"
}

k8s_version="$(mod_version "$src/apiserver/go.mod" k8s.io/kubernetes)"   # v1.34.4
etcd_version="$(mod_version "$src/etcd/go.mod" go.etcd.io/etcd/server/v3)" # v3.6.16
[[ "$k8s_version" =~ ^v([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] ||
  die "cannot read a release version of k8s.io/kubernetes from $src/apiserver/go.mod (got '$k8s_version')"
k8s_major="${BASH_REMATCH[1]}" k8s_minor="${BASH_REMATCH[2]}"
[[ -n "$etcd_version" ]] || die "cannot read go.etcd.io/etcd/server/v3 from $src/etcd/go.mod"

# kube-api-test 7.5.2 (BinaryManager, Utils.platformSuffix, OSInfo) looks in
# <dir>/k8s/<version>-<os.name lower-cased>-<arch>, arch being arm64 for a JVM
# os.arch of aarch64 and amd64 for x86_64.
case "$(uname -s)" in
  Linux) os=linux ;;
  *) die "only Linux is supported (kube-api-test uses os.name, lower-cased, in the directory name)" ;;
esac
case "$(uname -m)" in
  x86_64|amd64) arch=amd64 ;;
  aarch64|arm64) arch=arm64 ;;
  *) die "unsupported machine $(uname -m)" ;;
esac

root="${KUBE_API_TEST_DIR:-$HOME/.cache/vigil/kube-api-test}"
dir="$root/k8s/${k8s_version#v}-$os-$arch"
stamp_file="$dir/.vigil-kube-testenv.stamp"

# The stamp records what the binaries were built from: the wrapper modules
# (go.mod, go.sum, main.go) and this script.
stamp="$(cd "$here" && sha256sum kube-testenv.sh \
  kube-testenv/apiserver/go.mod kube-testenv/apiserver/go.sum kube-testenv/apiserver/main.go \
  kube-testenv/etcd/go.mod kube-testenv/etcd/go.sum kube-testenv/etcd/main.go)"

if [[ "$force" == 0 && -x "$dir/kube-apiserver" && -x "$dir/etcd" && -e "$dir/kubectl" &&
      -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp" ]]; then
  echo "$dir"
  exit 0
fi

kubectl_bin="$(command -v kubectl || true)"
[[ -n "$kubectl_bin" ]] ||
  die "kubectl not found on PATH; kube-api-test requires one next to the binaries: apt-get install kubectl"
command -v go >/dev/null || die "go not found on PATH"

jobs="${KUBE_TESTENV_JOBS:-$(( $(nproc) / 2 ))}"
(( jobs >= 1 )) || jobs=1

# Module release time, from the module cache, as the build date (reproducible).
mod_time() { # <module dir> <module path> <version>
  local info
  info="$(cd "$1" && GOFLAGS=-mod=readonly go mod download -json "$2@$3" | sed -n 's/^[[:space:]]*"Info": "\(.*\)",$/\1/p')"
  sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "$info" 2>/dev/null || true
}

gobuild() { # <module dir> <output> <ldflags>
  (cd "$1" && GOMAXPROCS="${GOMAXPROCS:-$jobs}" GOFLAGS="-mod=readonly -buildvcs=false" CGO_ENABLED=0 \
    nice -n 19 go build -p "$jobs" -trimpath -ldflags "$3" -o "$2" .)
}

# Build next to the version directories, under a name kube-api-test does not
# list, so a failed build leaves no half-filled <version>-linux-amd64.
mkdir -p "$root/k8s"
tmp="$(mktemp -d "$root/k8s/.build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

start=$SECONDS
log "building kube-apiserver $k8s_version (go build -p $jobs; the first build takes a long while)"
k8s_date="$(mod_time "$src/apiserver" k8s.io/kubernetes "$k8s_version")"
k8s_ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  k8s_ldflags+=" -X $pkg.gitVersion=$k8s_version -X $pkg.gitMajor=$k8s_major -X $pkg.gitMinor=$k8s_minor"
  k8s_ldflags+=" -X $pkg.gitTreeState=clean${k8s_date:+ -X $pkg.buildDate=$k8s_date}"
done
gobuild "$src/apiserver" "$tmp/kube-apiserver" "$k8s_ldflags"

log "building etcd $etcd_version"
gobuild "$src/etcd" "$tmp/etcd" "-s -w"

cp -L "$kubectl_bin" "$tmp/kubectl"
chmod 0755 "$tmp/kube-apiserver" "$tmp/etcd" "$tmp/kubectl"

"$tmp/kube-apiserver" --version >&2
"$tmp/etcd" --version >&2

mkdir -p "$dir"
rm -f "$stamp_file"
mv -f "$tmp/kube-apiserver" "$tmp/etcd" "$tmp/kubectl" "$dir/"
echo "$stamp" > "$stamp_file"
log "built in $(( SECONDS - start ))s"
echo "$dir"
