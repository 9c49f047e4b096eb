/**
 * Logs without per-batch read-backs: the engine keeps metric values on the
 * device and hands callbacks objects whose properties read a value back
 * only when a callback reads it.
 */
import type { Logs } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';

/** Metric values still on the device, by log name. */
export type LogTensors = Record<string, Tensor>;

/**
 * Logs whose values are read back (synchronously) the first time each is
 * read. Callbacks must read them during the hook: the tensors are freed
 * after the next batch.
 */
export function lazyLogs(values: LogTensors): Logs {
  const logs: Logs = {};
  for (const [name, t] of Object.entries(values)) {
    let cached: number | undefined;
    Object.defineProperty(logs, name, {
      enumerable: true,
      configurable: true,
      get: () => {
        cached ??= t.isDisposed ? Number.NaN : (t.dataSync()[0] as number);
        return cached;
      },
      set: (v: number) => {
        cached = v;
      },
    });
  }
  return logs;
}

/** All values read back with one asynchronous transfer. */
export async function readLogs(values: LogTensors, prefix = ''): Promise<Logs> {
  const names = Object.keys(values);
  if (names.length === 0) return {};
  const packed = T.tidy(() => T.stack(names.map((n) => T.cast(T.reshape(values[n], []), 'float32'))));
  const data = await packed.data();
  packed.dispose();
  const logs: Logs = {};
  names.forEach((n, i) => {
    logs[prefix + n] = data[i] as number;
  });
  return logs;
}

/** Frees every tensor of `values`. */
export function disposeLogs(values: LogTensors | null): void {
  if (values === null) return;
  for (const t of new Set(Object.values(values))) t.dispose();
}
