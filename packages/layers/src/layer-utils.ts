/**
 * Small helpers shared by the layer classes (not part of the public API).
 */
import { ValueError } from '@layerwise/core';
import * as T from '@layerwise/tensors';

/** `[null,3,4]`: a shape in the form error messages use. */
export function shapeText(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : d)).join(',')}]`;
}

/** Throws a ValueError naming `layer` and `arg` unless `value` is a finite number in `[min, max]` (or `[min, max)`). */
export function checkRange(
  layer: string,
  arg: string,
  value: unknown,
  min: number,
  max: number,
  maxInclusive = true,
): number {
  const ok =
    typeof value === 'number' && Number.isFinite(value) && value >= min && (maxInclusive ? value <= max : value < max);
  if (!ok) {
    const hi = max === Number.POSITIVE_INFINITY ? '' : `, ${max}${maxInclusive ? ']' : ')'}`;
    const range = hi === '' ? `>= ${min}` : `in [${min}${hi}`;
    throw new ValueError(`${layer}: ${arg} must be a number ${range}, got ${JSON.stringify(value)}.`);
  }
  return value as number;
}

/** Throws a ValueError naming `layer` and `arg` unless `value` is a positive integer. */
export function checkPositiveInt(layer: string, arg: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ValueError(`${layer}: ${arg} must be a positive integer, got ${JSON.stringify(value)}.`);
  }
  return value;
}

/** Throws a ValueError naming `layer` and `arg` unless `value` is an integer seed or undefined/null. */
export function checkSeed(layer: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ValueError(`${layer}: seed must be an integer or null, got ${JSON.stringify(value)}.`);
  }
  return value;
}

/**
 * Per-layer random stream, as Keras's `SeedGenerator`: with a seed, call
 * number k of the layer always draws the same noise (on every backend), and
 * successive calls draw different noise; without one, each call takes the
 * next seed of the global generator (see `setSeed`).
 */
export class SeedStream {
  private readonly next: (() => number) | null;
  constructor(seed: number | null) {
    this.next = seed === null ? null : T.uniformGenerator(seed);
  }

  /** The seed for the next random op (undefined: the global generator's). */
  nextSeed(): number | undefined {
    return this.next === null ? undefined : Math.floor(this.next() * 2 ** 32);
  }
}
