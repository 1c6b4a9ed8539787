/**
 * A small deterministic pseudo-random generator: a 32-bit Weyl sequence (step 0x9E3779B9) passed
 * through a 32-bit avalanche mixer. Good enough to sample traffic splits; not for cryptography.
 * The same seed always yields the same sequence on every platform.
 */
export class Prng {
  private state: number;

  /** Seeds the generator with a 32-bit integer. */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** The next float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }
}

/**
 * Turns a `--seed` value into a 32-bit seed: a decimal integer is used as is (mod 2^32), any other
 * text is hashed (FNV-1a), so `--seed release-42` works too.
 */
export function seedFrom(value: string | number): number {
  if (typeof value === 'number') return value >>> 0;
  if (/^[0-9]+$/.test(value)) return Number(BigInt(value) % 4294967296n);
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
