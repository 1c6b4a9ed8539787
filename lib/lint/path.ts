/** Paths inside objects, formatted the same way in every canary-kit report. */
export { formatPath, PathSegment } from '../validate/json-path';
