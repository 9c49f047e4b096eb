/**
 * Matrix products fused with a bias and an activation (one kernel on wasm
 * and cpu), and `linear`, the Dense layer's op. Differentiable for every
 * activation: while a gradient is recorded, tfjs runs the unfused ops
 * (matMul, add, activation), whose gradients are all registered.
 */
import { broadcastShapes, type TensorInput, toTensor } from '../check.js';
import { ShapeError, shapeString, ValueError } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';
import { checkFloat } from './util.js';

/** Activations that {@link fusedMatMul} and {@link linear} fuse. */
export type FusedActivation = 'linear' | 'relu' | 'relu6' | 'elu' | 'sigmoid' | 'leakyrelu' | 'prelu';

/** A {@link FusedActivation}, or one of its Keras spellings (`'leaky_relu'`, `'leakyRelu'`). */
export type FusedActivationName = FusedActivation | 'leaky_relu' | 'leakyRelu' | null;

/** Options of {@link fusedMatMul}. */
export interface FusedMatMulOptions {
  /** Use a transposed (last two axes). */
  transposeA?: boolean;
  /** Use b transposed (last two axes). */
  transposeB?: boolean;
  /** Added to the product; must broadcast to its shape (usually `[units]`). */
  bias?: TensorInput | null;
  /** Applied last (default 'linear'). */
  activation?: FusedActivationName;
  /**
   * The negative slope: a number for 'leakyrelu' (default 0.2, Keras's), a
   * tensor that broadcasts to the output for 'prelu' (required there).
   */
  alpha?: number | TensorInput;
}

const ACTIVATIONS: Record<string, FusedActivation> = {
  linear: 'linear',
  relu: 'relu',
  relu6: 'relu6',
  elu: 'elu',
  sigmoid: 'sigmoid',
  leakyrelu: 'leakyrelu',
  leaky_relu: 'leakyrelu',
  leakyRelu: 'leakyrelu',
  prelu: 'prelu',
};

function parseActivation(name: FusedActivationName | undefined, op: string): FusedActivation {
  if (name == null) return 'linear';
  const act = ACTIVATIONS[name];
  if (act === undefined) {
    throw new ValueError(
      `${op}: activation '${String(name)}' cannot be fused. Expected one of ${Object.values(ACTIVATIONS)
        .filter((v, i, all) => all.indexOf(v) === i)
        .map((v) => `'${v}'`)
        .join(', ')}; apply other activations after the product.`,
    );
  }
  return act;
}

type FusedArgs = Parameters<typeof tfc.fused.matMul>[0];

function fusedCore(
  op: string,
  a: Tensor,
  b: Tensor,
  transposeA: boolean,
  transposeB: boolean,
  bias: TensorInput | null | undefined,
  activation: FusedActivationName | undefined,
  alpha: number | TensorInput | undefined,
): Tensor {
  const act = parseActivation(activation, op);
  const outShape = [
    ...broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), op),
    a.shape[a.rank - (transposeA ? 1 : 2)],
    b.shape[b.rank - (transposeB ? 2 : 1)],
  ];
  const fitsOutput = (t: Tensor, arg: string): void => {
    const fits =
      t.rank <= outShape.length && t.shape.every((d, i) => d === 1 || d === outShape[outShape.length - t.rank + i]);
    if (!fits) {
      throw new ShapeError(
        `${op}: ${arg} of shape ${shapeString(t.shape)} does not broadcast to the product's shape ${shapeString(outShape)}. ` +
          `Expected ${arg} of shape [${outShape[outShape.length - 1]}] (one value per output unit).`,
      );
    }
  };
  const tb = bias == null ? undefined : toTensor(bias, 'bias', op);
  if (tb !== undefined) fitsOutput(tb, 'bias');
  let preluActivationWeights: Tensor | undefined;
  let leakyreluAlpha: number | undefined;
  if (act === 'prelu') {
    if (alpha === undefined) {
      throw new ValueError(`${op}: activation 'prelu' needs alpha, a tensor of slopes (for example of shape [units]).`);
    }
    preluActivationWeights = typeof alpha === 'number' ? tfc.scalar(alpha) : toTensor(alpha, 'alpha', op);
    fitsOutput(preluActivationWeights, 'alpha');
  } else if (act === 'leakyrelu') {
    if (alpha !== undefined && typeof alpha !== 'number') {
      throw new ValueError(
        `${op}: alpha of 'leakyrelu' must be a number; use activation 'prelu' for a tensor of slopes.`,
      );
    }
    leakyreluAlpha = alpha ?? 0.2;
  }
  // tfjs's fused op flattens each operand's batch dimensions to one, so the
  // kernel sees the true batch layout only when both operands have the same
  // batch dimensions, and a bias or prelu weights broadcast the same way
  // against the flattened product only up to rank 2; its gradient also
  // assumes equal batches. Other cases run unfused.
  const sameBatch = a.rank === b.rank && a.shape.slice(0, -2).every((d, i) => d === b.shape[i]);
  const fusable =
    sameBatch &&
    (tb === undefined || tb.rank <= 2) &&
    (preluActivationWeights === undefined || preluActivationWeights.rank <= 2);
  if (fusable) {
    return tfc.fused.matMul({
      a,
      b,
      transposeA,
      transposeB,
      bias: tb,
      activation: act,
      preluActivationWeights,
      leakyreluAlpha,
    } as FusedArgs);
  }
  let y = tfc.matMul(a, b, transposeA, transposeB);
  if (tb !== undefined) y = tfc.add(y, tb);
  return activate(y, act, preluActivationWeights, leakyreluAlpha);
}

function activate(
  y: Tensor,
  act: FusedActivation,
  preluWeights: Tensor | undefined,
  leakyAlpha: number | undefined,
): Tensor {
  switch (act) {
    case 'relu':
      return tfc.relu(y);
    case 'relu6':
      return tfc.relu6(y);
    case 'elu':
      return tfc.elu(y);
    case 'sigmoid':
      return tfc.sigmoid(y);
    case 'leakyrelu':
      return tfc.leakyRelu(y, leakyAlpha ?? 0.2);
    case 'prelu':
      return tfc.prelu(y, preluWeights as Tensor);
    default:
      return y;
  }
}

/**
 * `activation(a @ b + bias)` in one kernel: tfjs's `fused.matMul`. Batch
 * dimensions broadcast as in {@link matMul}.
 *
 * @example
 * ```ts
 * fusedMatMul(x, w, { bias: b, activation: 'relu' }); // relu(x @ w + b)
 * ```
 */
export function fusedMatMul(a: TensorInput, b: TensorInput, options: FusedMatMulOptions = {}): Tensor {
  return tfc.tidy(() => {
    const op = 'fusedMatMul';
    const ta = toTensor(a, 'a', op);
    const tb = toTensor(b, 'b', op);
    const transposeA = options.transposeA ?? false;
    const transposeB = options.transposeB ?? false;
    if (ta.rank < 2 || tb.rank < 2) {
      throw new ShapeError(
        `${op}: expected a and b of rank >= 2, got ${shapeString(ta.shape)} and ${shapeString(tb.shape)}. ` +
          'Use linear() for a vector input.',
      );
    }
    checkFloat(ta, 'a', op);
    checkFloat(tb, 'b', op);
    const inner = ta.shape[ta.rank - (transposeA ? 2 : 1)];
    const innerB = tb.shape[tb.rank - (transposeB ? 1 : 2)];
    if (inner !== innerB) {
      throw new ShapeError(
        `${op}: inner dimensions differ: ${shapeString(ta.shape)}${transposeA ? '^T' : ''} @ ` +
          `${shapeString(tb.shape)}${transposeB ? '^T' : ''} (${inner} vs ${innerB}). Expected a's last dimension to equal b's second-to-last.`,
      );
    }
    return fusedCore(op, ta, tb, transposeA, transposeB, options.bias, options.activation, options.alpha);
  });
}

/**
 * The Dense layer's op: `activation(x @ kernel + bias)` over the last axis
 * of x (any rank >= 1, like Keras's Dense), with kernel `[inFeatures, units]`
 * and bias `[units]`. `alpha` is the slope of 'leakyrelu' (a number, default
 * 0.2) or 'prelu' (a tensor).
 *
 * @example
 * ```ts
 * linear(x, kernel, bias, 'relu'); // x [batch, 4], kernel [4, 8], bias [8] -> [batch, 8]
 * ```
 */
export function linear(
  x: TensorInput,
  kernel: TensorInput,
  bias?: TensorInput | null,
  activation: FusedActivationName = 'linear',
  alpha?: number | TensorInput,
): Tensor {
  return tfc.tidy(() => {
    const op = 'linear';
    const tx = toTensor(x, 'x', op);
    const tk = toTensor(kernel, 'kernel', op);
    if (tk.rank !== 2) {
      throw new ShapeError(`${op}: kernel must have shape [inFeatures, units], got ${shapeString(tk.shape)}.`);
    }
    if (tx.rank === 0 || tx.shape[tx.rank - 1] !== tk.shape[0]) {
      throw new ShapeError(
        `${op}: x of shape ${shapeString(tx.shape)} has ${tx.rank === 0 ? 'no' : tx.shape[tx.rank - 1]} features in its last ` +
          `axis but kernel ${shapeString(tk.shape)} expects ${tk.shape[0]}. Expected x of shape [..., ${tk.shape[0]}].`,
      );
    }
    checkFloat(tx, 'x', op);
    checkFloat(tk, 'kernel', op);
    if (bias != null) {
      const tb = toTensor(bias, 'bias', op);
      if (tb.rank !== 1 || tb.shape[0] !== tk.shape[1]) {
        throw new ShapeError(
          `${op}: bias must have shape [${tk.shape[1]}] (one value per unit of kernel ${shapeString(tk.shape)}), got ${shapeString(tb.shape)}.`,
        );
      }
    }
    const [inFeatures, units] = tk.shape as number[];
    const x2 = tx.rank === 2 ? tx : tfc.reshape(tx, [-1, inFeatures]);
    const y = fusedCore(op, x2, tk, false, false, bias, activation, alpha);
    return tx.rank === 2 ? y : tfc.reshape(y, [...tx.shape.slice(0, -1), units]);
  });
}
