// Command pulumi-resource-kubernetes serves the Kubernetes resource provider of
// github.com/pulumi/pulumi-kubernetes/provider/v4, exactly as upstream's main package does
// (provider/cmd/pulumi-resource-kubernetes/main.go: provider.Serve(name, version.Version, schema, mapping)).
//
// Upstream's package cannot be built from the module cache: it embeds schema-embed.json and
// terraform-mapping-embed.json, which its Makefile generates (`go generate`: schema.json with "version"
// set, terraform-mapping.json re-serialized) and .gitignore leaves out of the module. e2e/tools/pulumi-tools.sh
// writes the same two files next to this file (gitignored) from the pinned module before the build.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var pulumiSchema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, pulumiSchema, terraformMapping)
}
