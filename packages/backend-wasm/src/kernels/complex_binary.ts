import type { TensorInfo } from '@tensorflow/tfjs-core';
import { complexConfig } from './complex.js';
import { imagConfig } from './imag.js';
import { realConfig } from './real.js';
import { dispose, runWasm, type WasmBackend, zeros } from './util.js';

function run(config: typeof realConfig, backend: WasmBackend, inputs: Record<string, TensorInfo>): TensorInfo {
  return config.kernelFunc({ inputs, backend: backend as never, attrs: {} }) as TensorInfo;
}

/** Real and imaginary parts of a tensor as two new float32 tensors (imaginary 0 for a real tensor). */
function parts(backend: WasmBackend, x: TensorInfo): [TensorInfo, TensorInfo] {
  if (x.dtype === 'complex64') return [run(realConfig, backend, { input: x }), run(imagConfig, backend, { input: x })];
  const re =
    x.dtype === 'float32' ? runWasm('Identity', backend, { x }) : runWasm('Cast', backend, { x }, { dtype: 'float32' });
  return [re, zeros(backend, [...x.shape])];
}

/**
 * Add, Sub or Multiply where an operand is complex64, from the float32 kernels
 * of tfjs-backend-wasm (which do the broadcasting) on the real and imaginary
 * parts: `(a + bi)(c + di) = (ac - bd) + (ad + bc)i`.
 */
export function complexBinary(
  op: 'Add' | 'Sub' | 'Multiply',
  backend: WasmBackend,
  a: TensorInfo,
  b: TensorInfo,
): TensorInfo {
  const [ar, ai] = parts(backend, a);
  const [br, bi] = parts(backend, b);
  const f = (name: string, x: TensorInfo, y: TensorInfo) => runWasm(name, backend, { a: x, b: y });
  let re: TensorInfo;
  let im: TensorInfo;
  if (op === 'Multiply') {
    const t = [f('Multiply', ar, br), f('Multiply', ai, bi), f('Multiply', ar, bi), f('Multiply', ai, br)];
    re = f('Sub', t[0], t[1]);
    im = f('Add', t[2], t[3]);
    dispose(backend, ...t);
  } else {
    re = f(op, ar, br);
    im = f(op, ai, bi);
  }
  const out = run(complexConfig, backend, { real: re, imag: im });
  dispose(backend, ar, ai, br, bi, re, im);
  return out;
}
