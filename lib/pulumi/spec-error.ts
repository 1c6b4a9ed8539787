import * as pulumi from '@pulumi/pulumi';

/**
 * A `pulumi.ResourceError` (shown without a stack trace) whose message stays exactly the one given.
 *
 * An error raised inside an `.apply()` reaches every resource input derived from it, and the SDK
 * prefixes its message in place at each one (pulumi/pulumi sdk/nodejs/runtime/rpc.ts,
 * `serializeResourceProperties`: `err.message = \`error serializing property "${k}": ...\``, the same
 * object rethrown so that the CLI reports it once). The user would read the core's message behind
 * a chain of `error serializing property "metadata"`; so writes to `message` are ignored here.
 */
export function specResourceError(message: string, resource: pulumi.Resource): pulumi.ResourceError {
  const error = new pulumi.ResourceError(message, resource, true);
  Object.defineProperty(error, 'message', {
    get: () => message,
    set: () => undefined,
    enumerable: false,
    configurable: false,
  });
  return error;
}
