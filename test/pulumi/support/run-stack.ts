import * as pulumi from '@pulumi/pulumi';
import type { CanaryStackOutputs } from '../../../stacks/pulumi/program';
import { MockRecorder } from './mock-recorder';
import { engineConfig, projectFile, stackConfig } from './stack-files';

/** What one run of the Pulumi program did: its outputs or its error, and what it registered. */
export interface StackRun {
  /** The recorder, finished: every registration has completed. */
  readonly recorder: MockRecorder;
  /** The stack outputs, when the program succeeded. */
  readonly outputs?: CanaryStackOutputs;
  /** The error the program threw, when it failed. */
  readonly error?: unknown;
}

/**
 * Runs the Pulumi program (`stacks/pulumi/program.ts`) for `stack` under mocks, with the config
 * of `Pulumi.<stack>.yaml` or the one given, the way the CLI passes it (JSON strings). The mocks
 * are installed (and awaited) before the program module is imported.
 */
export async function runStack(
  stack: string,
  config: Record<string, unknown> = stackConfig(stack),
): Promise<StackRun> {
  const recorder = await new MockRecorder().install(projectFile().name, stack);
  pulumi.runtime.setAllConfig(engineConfig(config));
  const { canaryStack } = await import('../../../stacks/pulumi/program');
  try {
    const outputs = canaryStack();
    return { recorder: await recorder.finish(), outputs };
  } catch (error) {
    return { recorder: await recorder.finish(), error };
  }
}
