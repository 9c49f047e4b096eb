/**
 * Option checks shared by the crossentropy metrics: each throws a
 * `ValueError` that names the class, the option and the value.
 */
import { ValueError } from '@layerwise/core';

/** `fromLogits` must be a boolean (default false). */
export function checkFromLogits(who: string, value: unknown): boolean {
  const v = value ?? false;
  if (typeof v !== 'boolean') {
    throw new ValueError(`${who}: fromLogits is ${JSON.stringify(value)}; expected true or false.`);
  }
  return v;
}

/** `labelSmoothing` must be a number in [0, 1] (default 0). */
export function checkLabelSmoothing(who: string, value: unknown): number {
  const v = value ?? 0;
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
    throw new ValueError(`${who}: labelSmoothing is ${JSON.stringify(value)}; expected a number in [0, 1].`);
  }
  return v;
}

/** `axis` must be an integer (default -1, the last axis); its range is checked against the inputs' rank. */
export function checkAxis(who: string, value: unknown): number {
  const v = value ?? -1;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new ValueError(`${who}: axis is ${JSON.stringify(value)}; expected an integer such as -1 (the last axis).`);
  }
  return v;
}
