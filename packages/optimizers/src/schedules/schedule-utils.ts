/**
 * Shared helpers of the built-in learning-rate schedules: float32 rounding
 * (Keras computes every schedule in float32, its `floatx`) and argument
 * checks that name the schedule, the argument, and the bad value.
 */
import { type Config, readConfig, ValueError } from '@layerwise/core';

/**
 * Rounds to the nearest float32. A float32 `+ - * /` is the float64 result
 * rounded once (exact, since float64 has more than twice float32's
 * precision); `cos`, `log` and `pow` become the float64 result rounded, which
 * is within an ulp of any float32 library's.
 */
export const f32 = Math.fround;

/** A short description of an unexpected value, for error messages. */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/** Throws unless `options` is an object whose keys are all in `allowed`. */
export function checkOptions(className: string, options: unknown, allowed: readonly string[]): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValueError(`${className}: expected an options object, got ${show(options)}.`);
  }
  const unknown = Object.keys(options).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    throw new ValueError(
      `${className}: option(s) not recognized: ${unknown.join(', ')}. Expected some of: ${allowed.join(', ')}.`,
    );
  }
}

/** `value` if it is a finite number, else a {@link ValueError} naming `className` and `key`. */
export function finite(className: string, key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValueError(`${className}: \`${key}\` must be a finite number, got ${show(value)}.`);
  }
  return value;
}

/** `value` if it is a finite number > 0 (Keras's "Argument `decay_steps` must be > 0"). */
export function positive(className: string, key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ValueError(`${className}: argument \`${key}\` must be a finite number > 0, got ${show(value)}.`);
  }
  return value;
}

/** `value` if it is a finite number >= 0. */
export function nonNegative(className: string, key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ValueError(`${className}: \`${key}\` must be a finite number >= 0, got ${show(value)}.`);
  }
  return value;
}

/** `value` (default `fallback` when undefined or null) if it is a boolean. */
export function bool(className: string, key: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') {
    throw new ValueError(`${className}: \`${key}\` must be a boolean, got ${show(value)}.`);
  }
  return value;
}

/** The schedule's name: `value`, or Keras's default when undefined or null (Keras's `name=None`). */
export function scheduleName(className: string, value: unknown, fallback: string): string {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string' || value.length === 0) {
    throw new ValueError(`${className}: \`name\` must be a non-empty string, got ${show(value)}.`);
  }
  return value;
}

/**
 * A config (camelCase or Keras's snake_case keys) as constructor options,
 * refusing unknown keys. Null values become undefined, so Keras's `None`
 * means "the default".
 */
export function optionsFromConfig(className: string, config: Config, keys: readonly string[]): Record<string, unknown> {
  const options = readConfig(className, config, keys);
  for (const [k, v] of Object.entries(options)) if (v === null) delete options[k];
  return options;
}
