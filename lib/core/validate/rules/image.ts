import { matchesFormat } from '../formats';
import { FORMATS } from '../patterns';

/** The parts of a container image reference. */
export interface ImageReference {
  /** Registry and repository, e.g. `ghcr.io/acme/checkout`. */
  readonly repository: string;
  /** Tag, e.g. `1.4.2`, when given. */
  readonly tag?: string;
  /** Digest, e.g. `sha256:...`, when given. */
  readonly digest?: string;
}

/** Splits `registry:port/repo:tag@sha256:...` into repository, tag and digest. */
export function parseImage(image: string): ImageReference {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const rest = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  const tag = colon > lastSlash ? rest.slice(colon + 1) : undefined;
  const repository = colon > lastSlash ? rest.slice(0, colon) : rest;
  return { repository, tag, digest };
}

/** Why an image reference is mutable (`:latest` or no tag and no digest), or undefined when pinned. */
export function mutableImageProblem(image: string): string | undefined {
  const { tag, digest } = parseImage(image);
  if (digest) return undefined;
  if (tag === undefined) return 'has no tag, so it means :latest';
  if (tag === 'latest') return 'uses the mutable tag :latest';
  return undefined;
}

/**
 * Whether an image reference is well formed (lowercase repository, valid tag and digest): the
 * pattern `FORMATS.image`, which the JSON Schema carries too.
 */
export function isWellFormedImage(image: string): boolean {
  return matchesFormat(FORMATS.image, image);
}
