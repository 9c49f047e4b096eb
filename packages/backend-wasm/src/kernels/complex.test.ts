import { describe, expect, it } from 'vitest';
import { expectClose, expectNoLeak, rand, tf, use } from '../test-setup.js';

// Tolerance: 1e-4 relative/absolute (TOL in test-setup), against tfjs's cpu
// backend or direct float64 computations. complex64 tensors are created with
// tf.complex, which runs the Complex kernel.

/** Runs `f` on a backend and returns its result's values (interleaved re, im for complex64). */
async function on(
  backend: 'cpu' | 'wasm',
  f: () => tf.Tensor,
): Promise<{ shape: number[]; dtype: string; values: Float32Array }> {
  await use(backend);
  return tf.tidy(() => {
    const t = f();
    return { shape: t.shape, dtype: t.dtype, values: Float32Array.from(t.dataSync()) };
  });
}

async function expectSame(f: () => tf.Tensor): Promise<void> {
  const cpu = await on('cpu', f);
  const wasm = await on('wasm', f);
  expect(wasm.dtype).toBe(cpu.dtype);
  expect(wasm.shape).toEqual(cpu.shape);
  expectClose(wasm.values, cpu.values);
}

const t = (d: { data: Float32Array | Int32Array; shape: number[] }) => tf.tensor(d.data, d.shape);

/** Direct O(n^2) DFT in float64 of interleaved rows. */
function dft(z: Float32Array, n: number, inverse: boolean): Float64Array {
  const out = new Float64Array(z.length);
  const sign = inverse ? 1 : -1;
  for (let r = 0; r < z.length / (2 * n); r++)
    for (let k = 0; k < n; k++) {
      let re = 0;
      let im = 0;
      for (let j = 0; j < n; j++) {
        const a = (sign * 2 * Math.PI * ((j * k) % n)) / n;
        const xr = z[2 * (r * n + j)];
        const xi = z[2 * (r * n + j) + 1];
        re += xr * Math.cos(a) - xi * Math.sin(a);
        im += xr * Math.sin(a) + xi * Math.cos(a);
      }
      out[2 * (r * n + k)] = inverse ? re / n : re;
      out[2 * (r * n + k) + 1] = inverse ? im / n : im;
    }
  return out;
}

describe('complex64 on wasm (Complex, Real, Imag, ComplexAbs added)', () => {
  const re = rand([3, 4]);
  const im = rand([3, 4]);
  it('stores and reads back complex64 (dataSync interleaves re, im)', async () => {
    await expectSame(() => tf.complex(t(re), t(im)));
    const w = await on('wasm', () => tf.complex(t(re), t(im)));
    expect(w.dtype).toBe('complex64');
    expect(w.values[2]).toBeCloseTo(re.data[1], 6);
    expect(w.values[3]).toBeCloseTo(im.data[1], 6);
  });
  it('real and imag match cpu', async () => {
    await expectSame(() => tf.real(tf.complex(t(re), t(im))));
    await expectSame(() => tf.imag(tf.complex(t(re), t(im))));
  });
  it('abs of complex matches cpu', async () => {
    await expectSame(() => tf.abs(tf.complex(t(re), t(im))));
  });
  it('clone and reshape keep complex64 data', async () => {
    await expectSame(() => tf.reshape(tf.clone(tf.complex(t(re), t(im))), [4, 3]));
  });
});

describe('FFT / IFFT (added)', () => {
  for (const n of [1, 2, 8, 64, 5, 6, 12, 100]) {
    it(`fft and ifft match a float64 DFT, length ${n}`, async () => {
      const re = rand([3, n]);
      const im = rand([3, n]);
      for (const inverse of [false, true]) {
        const w = await on('wasm', () => {
          const z = tf.complex(t(re), t(im));
          return inverse ? tf.spectral.ifft(z) : tf.spectral.fft(z);
        });
        const z = new Float32Array(6 * n);
        for (let i = 0; i < 3 * n; i++) {
          z[2 * i] = re.data[i];
          z[2 * i + 1] = im.data[i];
        }
        expect(w.shape).toEqual([3, n]);
        expectClose(w.values, dft(z, n, inverse), inverse ? 'ifft' : 'fft');
      }
    });
  }
  it('fft matches cpu on a rank-3 tensor', async () => {
    const re = rand([2, 3, 16]);
    const im = rand([2, 3, 16]);
    await expectSame(() => tf.spectral.fft(tf.complex(t(re), t(im))));
  });
  it('rfft and irfft match cpu', async () => {
    const x = rand([3, 10]);
    await expectSame(() => tf.spectral.rfft(t(x)));
    await expectSame(() => tf.spectral.irfft(tf.spectral.rfft(t(x))));
  });
});

describe('Add, Sub, Multiply (replaced: complex64 support)', () => {
  const a = rand([3, 4]);
  const b = rand([3, 4]);
  const c = rand([3, 4]);
  const d = rand([3, 4]);
  for (const op of ['add', 'sub', 'mul'] as const) {
    it(`${op} of complex tensors of one shape matches cpu`, async () => {
      await expectSame(() => tf[op](tf.complex(t(a), t(b)), tf.complex(t(c), t(d))));
    });
  }
  it('broadcasts complex operands (float64 reference; cpu gives NaN here)', async () => {
    const w = await on('wasm', () =>
      tf.mul(
        tf.complex(
          [
            [1, 2],
            [3, 4],
          ],
          [
            [5, 6],
            [7, 8],
          ],
        ),
        tf.complex([1, -1], [2, 0.5]),
      ),
    );
    // (1+5i)(1+2i) = -9+7i, (2+6i)(-1+0.5i) = -5-5i, (3+7i)(1+2i) = -11+13i, (4+8i)(-1+0.5i) = -8-6i
    expectClose(w.values, [-9, 7, -5, -5, -11, 13, -8, -6]);
  });
  it('still runs float32 and int32 through the original kernels', async () => {
    await expectSame(() => tf.add(t(a), t(c)));
    await expectSame(() => tf.mul(tf.tensor([1, 2, 3], [3], 'int32'), tf.tensor([4, 5, 6], [3], 'int32')));
    await expectSame(() => tf.sub(t(a), tf.scalar(2)));
  });
});

describe('Cast (replaced: bool and complex64)', () => {
  const x = () => tf.tensor([0.5, -1, 0, 2.7, -2.7, 3e9, Number.NaN, -256]);
  it('to bool is x != 0 (tfjs-backend-wasm gives 0 for 0.5 and 255 for -1)', async () => {
    await expectSame(() => tf.cast(x(), 'bool'));
    await expectSame(() => tf.cast(tf.cast(x(), 'bool'), 'float32'));
    await expectSame(() => tf.cast(tf.tensor([0, 3, -256], [3], 'int32'), 'bool'));
    await expectSame(() => tf.cast(tf.logicalNot(tf.cast(x(), 'bool')), 'float32'));
  });
  it('other casts match cpu', async () => {
    await expectSame(() => tf.cast(x(), 'int32'));
    await expectSame(() => tf.cast(tf.tensor([1, 0, 1], [3], 'bool'), 'float32'));
    await expectSame(() => tf.cast(tf.tensor([7, -3], [2], 'int32'), 'float32'));
  });
  it('to and from complex64 match cpu', async () => {
    const re = rand([2, 3]);
    const im = rand([2, 3]);
    await expectSame(() => tf.cast(t(re), 'complex64'));
    await expectSame(() => tf.cast(tf.complex(t(re), t(im)), 'float32'));
  });
});

describe('complex kernels', () => {
  it('leak nothing', async () => {
    const re = rand([3, 6]);
    const im = rand([3, 6]);
    await expectNoLeak(() => {
      tf.tidy(() => {
        const z = tf.complex(t(re), t(im));
        tf.spectral.ifft(tf.spectral.fft(z)).dataSync();
        tf.abs(z);
        tf.mul(tf.add(z, z), tf.sub(z, z));
        tf.cast(z, 'float32');
        tf.cast(t(re), 'bool');
        tf.spectral.irfft(tf.spectral.rfft(t(re)));
      });
    });
  });
});
