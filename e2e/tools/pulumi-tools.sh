# Sourced by e2e/tools/build.sh: appends the Pulumi engine to its `tools` array ("name|wrapper|package|ldflags")
# and, when the Kubernetes provider is to be built, writes the two files its main package embeds.
# Versions and what the module proxy serves: docs/pulumi.md, "Pulumi engine".
#
# No entry for the Node.js language host (pulumi-language-nodejs): the module proxy serves no version of
# github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3. The e2e runs Pulumi programs through
# the Automation API's in-process language host instead (e2e/pulumi/run-stack.ts).

pulumi_version=v3.248.0         # @pulumi/pulumi in package-lock.json
pulumi_kubernetes_version=4.25.0 # the only provider/v4 commit the proxy serves (@pulumi/kubernetes is 4.34.2)

# The CLI; without the stamp `pulumi version` reports v3.0.0-dev (pulumi/pulumi
# sdk/go/common/version/version.go: `var Version string`, set by upstream's release ldflags).
tools+=("pulumi|pulumi|github.com/pulumi/pulumi/pkg/v3/cmd/pulumi|-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$pulumi_version")

# The provider; it reports this version to the engine (pulumi-kubernetes provider/pkg/version/version.go,
# stamped by upstream's Makefile as VERSION_GENERIC, without a "v").
tools+=("pulumi-resource-kubernetes|pulumi-kubernetes|./cmd/pulumi-resource-kubernetes|-X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$pulumi_kubernetes_version")

# Upstream's `go generate` for that main package (provider/cmd/pulumi-resource-kubernetes/generate.go):
# schema.json with "version" set -> schema-embed.json; terraform-mapping.json re-serialized ->
# terraform-mapping-embed.json. Both come from the pinned module in the module cache, are gitignored, and
# are rewritten on every build of the provider.
pulumi_kubernetes_embeds() {
  local wrapper="$here/pulumi-kubernetes" mod_dir
  mod_dir="$(cd "$wrapper" && GOFLAGS=-mod=readonly go mod download -json github.com/pulumi/pulumi-kubernetes/provider/v4 |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const m=JSON.parse(s);if(m.Error)throw new Error(m.Error);process.stdout.write(m.Dir)})')"
  node - "$mod_dir/cmd/pulumi-resource-kubernetes" "$wrapper/cmd/pulumi-resource-kubernetes" "$pulumi_kubernetes_version" <<'JS'
const fs = require("fs"), path = require("path");
const [from, to, version] = process.argv.slice(2);
const schema = JSON.parse(fs.readFileSync(path.join(from, "schema.json"), "utf8"));
schema.version = version;
const mapping = JSON.parse(fs.readFileSync(path.join(from, "terraform-mapping.json"), "utf8"));
for (const [name, value] of [["schema-embed.json", schema], ["terraform-mapping-embed.json", mapping]]) {
  const tmp = path.join(to, `.${name}.${process.pid}`);
  fs.writeFileSync(tmp, JSON.stringify(value), { flag: "wx" });
  fs.renameSync(tmp, path.join(to, name));
}
JS
}
if [ $# -eq 0 ] || printf '%s\n' "$@" | grep -qx pulumi-resource-kubernetes; then
  pulumi_kubernetes_embeds
fi
