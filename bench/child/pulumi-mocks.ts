import * as pulumi from '@pulumi/pulumi';

/** Pulumi mocks that count registrations, so that a case can wait until every object is registered. */
export interface CountingMocks {
  /** Resolves once `count` custom resources (not components) have been registered. */
  whenRegistered(count: number): Promise<void>;
}

/**
 * Installs `pulumi.runtime.setMocks` with mocks that echo inputs as outputs (the cheapest engine
 * possible, the same for both Pulumi cases) and count custom resources. Await it before importing
 * `@pulumi/kubernetes` or the component.
 */
export async function installCountingMocks(): Promise<CountingMocks> {
  let registered = 0;
  let waiting: { count: number; resolve: () => void } | undefined;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        if (args.custom) {
          registered++;
          if (waiting && registered >= waiting.count) waiting.resolve();
        }
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    'canary-kit-bench',
    'bench',
    false,
  );
  return {
    whenRegistered: (count) =>
      registered >= count ? Promise.resolve() : new Promise((resolve) => (waiting = { count, resolve })),
  };
}
