import { CanaryServiceSpec, resolvePlan } from '../../../lib';

/** The core's message for a spec it rejects (what both adapters must report verbatim). */
export function coreMessage(spec: CanaryServiceSpec): string {
  try {
    resolvePlan(spec);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the core accepted the spec');
}
