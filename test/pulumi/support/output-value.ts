import * as pulumi from '@pulumi/pulumi';

/** The value of an output once it resolves (under mocks every output is known). */
export function outputValue<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve) => {
    output.apply((value) => {
      resolve(value);
      return value;
    });
  });
}

/**
 * Runs `body` and returns the unhandled rejections it caused. The Pulumi SDK rethrows a failed
 * resource registration as one, by design, and the language host logs each distinct one as an
 * error (@pulumi/pulumi cmd/run/run.ts, `uncaughtHandler`: `log.error(message)`); so does this
 * helper, which also tells the SDK not to count the failed resources' outputs as leaked promises.
 * The test runner's own listeners are set aside meanwhile (they would fail the test).
 */
export async function unhandledRejections(body: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const listener = (reason: unknown): void => {
    if (!seen.includes(reason))
      void pulumi.log.error(reason instanceof Error ? reason.message : String(reason));
    seen.push(reason);
  };
  const runners = process.listeners('unhandledRejection');
  process.removeAllListeners('unhandledRejection');
  process.on('unhandledRejection', listener);
  try {
    await body();
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    process.off('unhandledRejection', listener);
    for (const runner of runners) process.on('unhandledRejection', runner);
  }
  return seen;
}
