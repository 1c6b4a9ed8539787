import { loadManifests } from '../../lib/manifests/load';
import { CliParams } from './params';
import { runChild } from './protocol';

// What lint and validate both do before checking anything: `loadManifests` on the tree (read
// every file, parse YAML and JSON, record lines), and nothing else. Their ratios to this case are
// the cost of their own checks. Params: the tree as the only argument.
runChild<CliParams>(({ args, cwd }) => () => {
  const { manifests, problems } = loadManifests(args, cwd);
  if (problems.length > 0)
    throw new Error(`the tree has load problems: ${JSON.stringify(problems.slice(0, 3))}`);
  return { objects: manifests.length };
});
