import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError } from './errors.js';
import { eye, fill, linspace, ones, onesLike, range, scalar, tensor, zeros, zerosLike } from './index.js';

describe('creation', () => {
  it('fill([3,3], -2)', () => {
    const t = fill([3, 3], -2);
    expect(t.shape).toEqual([3, 3]);
    expect(Array.from(t.dataSync())).toEqual(new Array(9).fill(-2));
  });

  it('range follows NumPy: range(9), range(2, 8, 2), float steps', () => {
    expect(Array.from(range(9).dataSync())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(range(9).dtype).toBe('int32');
    expect(Array.from(range(2, 8, 2).dataSync())).toEqual([2, 4, 6]);
    expect(range(0, 1, 0.25).dtype).toBe('float32');
  });

  it('zeros, ones, eye, linspace, zerosLike, onesLike, scalar', () => {
    expect(Array.from(zeros([2, 2]).dataSync())).toEqual([0, 0, 0, 0]);
    expect(ones([2], 'int32').dtype).toBe('int32');
    expect(Array.from(eye(2, 3).dataSync())).toEqual([1, 0, 0, 0, 1, 0]);
    expect(Array.from(linspace(0, 1, 5).dataSync())).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(Array.from(zerosLike(tensor([1, 2])).dataSync())).toEqual([0, 0]);
    expect(Array.from(onesLike(tensor([1, 2])).dataSync())).toEqual([1, 1]);
    expect(scalar(3).rank).toBe(0);
  });

  it('maps non-native dtypes and rejects what they cannot hold', () => {
    const bytes = tensor(new Uint8Array([0, 128, 255]), [3], 'uint8');
    expect(bytes.dtype).toBe('int32');
    expect(Array.from(bytes.dataSync())).toEqual([0, 128, 255]);
    expect(tensor(new Float64Array([0.5, 1.5])).dtype).toBe('float32');
    expect(tensor(new BigInt64Array([1n, -2n])).dtype).toBe('int32');
    expect(() => tensor([300], [1], 'uint8')).toThrow(DTypeError);
    expect(() => tensor([300], [1], 'uint8')).toThrow(/300.*uint8.*0\.\.255/);
    expect(() => tensor(new BigInt64Array([2n ** 40n]))).toThrow(DTypeError);
    expect(() => tensor([1], [1], 'int128' as never)).toThrow(/unknown dtype 'int128'/);
  });

  it('rejects bad shapes with a ShapeError', () => {
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(ShapeError);
    expect(() => zeros([2, -1])).toThrow(/non-negative/);
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
  });
});

describe('tensor() without a ready backend', () => {
  it('raises a BackendError that says to import a backend and await setBackend', async () => {
    const { execFileSync } = await import('node:child_process');
    // A fresh process with no backend package imported (the built package, by its own name).
    const script =
      "const T = await import('@layerwise/tensors'); try { T.tensor([1]); } catch (e) { console.log(e.name + ': ' + e.message); }";
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: new URL('..', import.meta.url),
      encoding: 'utf8',
    });
    expect(out).toMatch(/^BackendError: tensor: no backend is ready .*Import a backend package/);
  });
});

describe('isTensor', () => {
  it('tells tensors from arrays, typed arrays and plain objects', async () => {
    const { isTensor } = await import('./index.js');
    const t = tensor([1]);
    expect(isTensor(t)).toBe(true);
    expect(isTensor([1])).toBe(false);
    expect(isTensor(new Float32Array(1))).toBe(false);
    expect(isTensor({ shape: [1] })).toBe(false);
    expect(isTensor(null)).toBe(false);
    t.dispose();
  });
});
