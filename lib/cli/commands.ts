import { CliCommand } from './command';

/** A sub-command as `canary-kit --help` lists it, loaded only when it runs or its help is asked for. */
export interface CommandEntry {
  /** The word after `canary-kit`; equals the loaded command's `name`. */
  readonly name: string;
  /** One line for `canary-kit --help`; equals the loaded command's `summary` (a test checks it). */
  readonly summary: string;
  /** Loads the command's module (and with it, what the command needs: Ajv, the CRD schemas...). */
  load(): Promise<CliCommand>;
}

/**
 * Every sub-command, in the order `canary-kit --help` lists them. `canary-kit --help` and
 * `--version` load none of them: a cold start reads only this file.
 * To add a command: write `lib/cli/<name>-command.ts` exporting a `CliCommand`, then add it here.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'synth',
    summary: 'Render the manifests of CanaryService spec files (YAML or JSON).',
    load: async () => (await import('./synth-command')).synthCommand,
  },
  {
    name: 'lint',
    summary: 'Find canary routing mistakes in Istio/Flagger manifests (files or directories).',
    load: async () => (await import('./lint-command')).lintCommand,
  },
  {
    name: 'simulate',
    summary: 'Route simulated requests through the VirtualServices and show where they go.',
    load: async () => (await import('./simulate-command')).simulateCommand,
  },
  {
    name: 'validate',
    summary: 'Check manifests against Kubernetes and CRD schemas (unknown fields are errors)',
    load: async () => (await import('./validate-command')).validateCommand,
  },
  {
    name: 'gate',
    summary: 'Advance, hold or roll back a mesh-mode canary from Prometheus metrics (exit 0/3/1).',
    load: async () => (await import('./gate-command')).gateCommand,
  },
];
