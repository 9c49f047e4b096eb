import { afterEach, describe, expect, it } from 'vitest';
import {
  add,
  BackendError,
  backendOf,
  DisposedTensorError,
  getBackend,
  listBackends,
  ready,
  setBackend,
  tensor,
  toBackend,
  variable,
} from './index.js';

const testBackend = process.env.LAYERWISE_TEST_BACKEND ?? 'cpu';

describe('backend registry', () => {
  afterEach(async () => {
    await setBackend(testBackend);
  });

  it('lists the registered backends, fastest first', () => {
    expect(listBackends()).toEqual(['wasm', 'cpu']);
    expect(getBackend()).toBe(testBackend);
  });

  it("'auto' picks the fastest backend that starts", async () => {
    expect(await setBackend('auto')).toBe('wasm');
    await ready();
    expect(getBackend()).toBe('wasm');
  });

  it('an unknown backend name is a BackendError listing the valid ones', async () => {
    await expect(setBackend('tpu')).rejects.toThrow(BackendError);
    await expect(setBackend('tpu')).rejects.toThrow(/unknown backend 'tpu'. Expected one of: wasm, cpu, or 'auto'/);
    await expect(setBackend('webgpu')).rejects.toThrow(/@layerwise\/backend-webgpu/);
  });

  it('tensors from another backend are refused, and toBackend copies them', async () => {
    const other = testBackend === 'cpu' ? 'wasm' : 'cpu';
    await setBackend(other);
    const foreign = tensor([1, 2]);
    expect(backendOf(foreign)).toBe(other);
    await setBackend(testBackend);
    const local = tensor([3, 4]);
    expect(() => add(local, foreign)).toThrow(BackendError);
    expect(() => add(local, foreign)).toThrow(
      new RegExp(`lives on backend '${other}' but the active backend is '${testBackend}'`),
    );
    const moved = toBackend(foreign);
    expect(Array.from(add(local, moved).dataSync())).toEqual([4, 6]);
  });
});

describe('disposed tensors', () => {
  it('using a disposed tensor or variable raises DisposedTensorError', () => {
    const t = tensor([1, 2]);
    t.dispose();
    expect(() => add(t, 1)).toThrow(DisposedTensorError);
    expect(() => add(t, 1)).toThrow(/argument 'a' is a tensor of shape \[2\] that was already disposed/);
    const v = variable(tensor([1]));
    v.dispose();
    expect(() => add(1, v)).toThrow(/argument 'b' is a variable/);
  });
});
