export * from './types';
export { buildModel, ModelOptions } from './build';
export { FLAGGER_SELECTOR_LABELS } from './flagger';
