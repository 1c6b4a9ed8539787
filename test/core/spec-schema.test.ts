import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { canaryServiceSchema } from '../../imports/canary-service-schema';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildSpecSchema } = require(resolve(process.cwd(), 'scripts/spec-schema.js')) as {
  buildSpecSchema: (root: string) => unknown;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildSpecValidatorModule } = require(resolve(process.cwd(), 'scripts/spec-validator.js')) as {
  buildSpecValidatorModule: (schema: unknown) => string;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { renderSpecDocs } = require(resolve(process.cwd(), 'scripts/spec-docs.js')) as {
  renderSpecDocs: (schema: unknown) => string;
};

test('the shipped JSON Schema is generated from the current CanaryServiceSpec type (run npm run gen)', () => {
  const fresh = buildSpecSchema(process.cwd());
  assert.deepEqual(
    JSON.parse(readFileSync(resolve(process.cwd(), 'schema/canary-service.schema.json'), 'utf8')),
    fresh,
  );
  assert.deepEqual(canaryServiceSchema, fresh);
  assert.equal(readFileSync(resolve(process.cwd(), 'docs/spec-reference.md'), 'utf8'), renderSpecDocs(fresh));
  assert.equal(
    readFileSync(resolve(process.cwd(), 'imports/canary-service-validator.ts'), 'utf8'),
    buildSpecValidatorModule(fresh),
  );
});

test('the schema rejects unknown fields so that editors flag typos', () => {
  const definitions = (
    canaryServiceSchema as { definitions: Record<string, { additionalProperties?: boolean }> }
  ).definitions;
  assert.equal(definitions.CanaryServiceSpec.additionalProperties, false);
  assert.equal(definitions.TrafficSpec.additionalProperties, false);
});
