/**
 * Logs without per-batch read-backs: the engine keeps metric values on the
 * device and hands callbacks objects whose properties read a value back
 * only when a callback reads it.
 */
import type { Logs } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';

/**
 * A log value on the device: a tensor, or a function that computes it when
 * the value is read (what the built-in steps return, so that a batch whose
 * logs nobody reads runs no `result()` kernels at all).
 */
export type LogValue = Tensor | (() => Tensor);

/** Metric values still on the device, by log name. */
export type LogTensors = Record<string, LogValue>;

function isThunk(v: LogValue): v is () => Tensor {
  return typeof v === 'function';
}

/**
 * Logs whose values are read back (synchronously) the first time each is
 * read. Callbacks must read them during the hook: the tensors are freed
 * after the next batch.
 */
export function lazyLogs(values: LogTensors): Logs {
  const logs: Logs = {};
  for (const [name, value] of Object.entries(values)) {
    let cached: number | undefined;
    const read = (): number => {
      if (!isThunk(value)) return value.isDisposed ? Number.NaN : (value.dataSync()[0] as number);
      const t = value();
      const v = t.dataSync()[0] as number;
      t.dispose();
      return v;
    };
    Object.defineProperty(logs, name, {
      enumerable: true,
      configurable: true,
      get: () => {
        cached ??= read();
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
  const packed = T.tidy(() =>
    T.stack(
      names.map((n) => {
        const v = values[n];
        return T.cast(T.reshape(isThunk(v) ? v() : v, []), 'float32');
      }),
    ),
  );
  const data = await packed.data();
  packed.dispose();
  const logs: Logs = {};
  names.forEach((n, i) => {
    logs[prefix + n] = data[i] as number;
  });
  return logs;
}

/** Frees every tensor of `values` (functions hold none). */
export function disposeLogs(values: LogTensors | null): void {
  if (values === null) return;
  for (const v of new Set(Object.values(values))) if (!isThunk(v)) v.dispose();
}
