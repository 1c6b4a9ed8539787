#!/usr/bin/env bash
# Builds the real components of the e2e control plane from the Go module proxy, each from its own
# wrapper module in e2e/tools/<module>/ (go.mod and go.sum committed: the pins), into a cache folder:
#   ${CANARY_KIT_TOOLS_DIR:-<repo>/.tools}/bin/<binary>
# A binary is rebuilt only when its pin changes: next to it, <binary>.pin holds a hash of the wrapper's
# go.mod, go.sum, the package, the ldflags and the Go version.
#
#   e2e/tools/build.sh            # every tool
#   e2e/tools/build.sh flagger    # only the named ones
#
# CGO is off for all of them (pure-Go SQLite in kine, static binaries).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
tools_dir="${CANARY_KIT_TOOLS_DIR:-$repo/.tools}"
bin_dir="$tools_dir/bin"
mkdir -p "$bin_dir"

# Kubernetes' version is stamped at build time; without it /version reports v0.0.0 and Flagger exits at
# start (fluxcd/flagger cmd/flagger/main.go requires a server version >= 1.11).
k8s_version=v1.34.2
k8s_ldflags=""
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  k8s_ldflags+=" -X $p.gitVersion=$k8s_version -X $p.gitMajor=1 -X $p.gitMinor=34 -X $p.gitTreeState=clean"
done

# name | wrapper module | package | ldflags
tools=(
  "kube-apiserver|kube-apiserver|k8s.io/kubernetes/cmd/kube-apiserver|$k8s_ldflags"
  "kubectl|kube-apiserver|k8s.io/kubernetes/cmd/kubectl|$k8s_ldflags"
  "kine|kine|github.com/k3s-io/kine|"
  "flagger|flagger|github.com/fluxcd/flagger/cmd/flagger|"
  "istioctl|istioctl|istio.io/istio/istioctl/cmd/istioctl|-X istio.io/istio/pkg/version.buildVersion=1.30-9739e10eb9d7 -X istio.io/istio/pkg/version.buildStatus=Clean -X istio.io/istio/pkg/version.buildTag=1.30"
)
# The Pulumi engine and the Kubernetes provider (e2e/tests/pulumi.test.ts runs `pulumi up` with them).
# shellcheck source=/dev/null
. "$here/pulumi-tools.sh"

wanted=("$@")
want() {
  [ ${#wanted[@]} -eq 0 ] && return 0
  local w
  for w in "${wanted[@]}"; do [ "$w" = "$1" ] && return 0; done
  return 1
}

go_version="$(go env GOVERSION)"
for entry in "${tools[@]}"; do
  IFS='|' read -r name module pkg ldflags <<<"$entry"
  want "$name" || continue
  mod_dir="$here/$module"
  pin="$( (cat "$mod_dir/go.mod" "$mod_dir/go.sum"; echo "$pkg|$ldflags|$go_version") | sha256sum | cut -c1-16)"
  if [ -x "$bin_dir/$name" ] && [ "$(cat "$bin_dir/$name.pin" 2>/dev/null)" = "$pin" ]; then
    echo "tools: $name is built ($bin_dir/$name)"
    continue
  fi
  echo "tools: building $name from $pkg (wrapper e2e/tools/$module)"
  start=$(date +%s)
  tmp="$bin_dir/.$name.$$"
  (cd "$mod_dir" && CGO_ENABLED=0 GOFLAGS=-mod=readonly go build -trimpath -ldflags "-s -w $ldflags" -o "$tmp" "$pkg")
  mv -f "$tmp" "$bin_dir/$name"
  echo "$pin" >"$bin_dir/$name.pin"
  echo "tools: built $name in $(($(date +%s) - start)) s"
done
