/**
 * The JSON Schema (draft-07) of a CanaryService spec file, as `canary-kit/schema`: for editors
 * (`# yaml-language-server: $schema=...`), for other validators, and for tools that generate forms.
 * Generated from `lib/core/spec.ts` by `npm run gen`; the core validates with the same schema.
 */
import { join } from 'node:path';

export { canaryServiceSchema } from '../imports/canary-service-schema';

/**
 * Absolute path of `schema/canary-service.schema.json` in the installed package (the same schema as
 * `canaryServiceSchema`, as a file), e.g. to point an editor at it.
 */
export const canaryServiceSchemaFile: string = join(
  __dirname,
  '..',
  '..',
  'schema',
  'canary-service.schema.json',
);
