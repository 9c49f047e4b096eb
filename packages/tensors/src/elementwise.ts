/**
 * Elementwise math: unary functions, broadcasting binary arithmetic,
 * comparisons and logical ops. Binary ops follow NumPy broadcasting and raise a
 * {@link ShapeError} that names both shapes when it fails. A plain number
 * combined with a tensor takes the tensor's dtype when it can (so
 * `add(intTensor, 1)` stays int32), as TensorFlow's weak typing does.
 */
import { broadcastShapes, type TensorInput, toTensor } from './check.js';
import { type DType, nativeDType } from './dtypes.js';
import { ValueError } from './errors.js';
import { divNoNan as divNoNanWithGradient } from './gradients/div_no_nan.js';
import { type DataType, type Tensor, tfc } from './tfjs.js';

/** A unary elementwise op. */
export type UnaryOp = (x: TensorInput) => Tensor;
/** A broadcasting binary op. */
export type BinaryOp = (a: TensorInput, b: TensorInput) => Tensor;

function isPlainNumbers(x: TensorInput): boolean {
  if (typeof x === 'number') return true;
  return Array.isArray(x) && (x as unknown[]).flat(Number.POSITIVE_INFINITY).every((v) => typeof v === 'number');
}

function allIntegers(x: TensorInput): boolean {
  const flat = typeof x === 'number' ? [x] : (x as unknown[]).flat(Number.POSITIVE_INFINITY);
  return (flat as number[]).every(Number.isInteger);
}

/** Converts both operands, giving plain numbers the other operand's dtype where it fits. */
function operands(a: TensorInput, b: TensorInput, op: string): [Tensor, Tensor] {
  const aIsTensor = a instanceof tfc.Tensor;
  const bIsTensor = b instanceof tfc.Tensor;
  const weakDType = (other: Tensor, x: TensorInput): DataType | undefined =>
    isPlainNumbers(x) && (other.dtype === 'float32' || (other.dtype === 'int32' && allIntegers(x)))
      ? other.dtype
      : undefined;
  const ta = aIsTensor || !bIsTensor ? toTensor(a, 'a', op) : toTensor(a, 'a', op, weakDType(b as Tensor, a));
  const tb = bIsTensor || !aIsTensor ? toTensor(b, 'b', op) : toTensor(b, 'b', op, weakDType(ta, b));
  broadcastShapes(ta.shape, tb.shape, op);
  return [ta, tb];
}

function unary(op: string, f: (x: Tensor) => Tensor): UnaryOp {
  return (x) => tfc.tidy(() => f(toTensor(x, 'x', op)));
}

function binary(op: string, f: (a: Tensor, b: Tensor) => Tensor): BinaryOp {
  return (a, b) =>
    tfc.tidy(() => {
      const [ta, tb] = operands(a, b, op);
      return f(ta, tb);
    });
}

// ---- unary ----

/** |x| */
export const abs: UnaryOp = unary('abs', tfc.abs);
/** -x */
export const neg: UnaryOp = unary('neg', tfc.neg);
/** e^x */
export const exp: UnaryOp = unary('exp', tfc.exp);
/** e^x - 1, accurate near 0 */
export const expm1: UnaryOp = unary('expm1', tfc.expm1);
/** Natural logarithm. */
export const log: UnaryOp = unary('log', tfc.log);
/** log(1 + x), accurate near 0 */
export const log1p: UnaryOp = unary('log1p', tfc.log1p);
/** Square root. */
export const sqrt: UnaryOp = unary('sqrt', tfc.sqrt);
/** 1 / sqrt(x) */
export const rsqrt: UnaryOp = unary('rsqrt', tfc.rsqrt);
/** x^2 */
export const square: UnaryOp = unary('square', tfc.square);
/** 1 / x */
export const reciprocal: UnaryOp = unary('reciprocal', tfc.reciprocal);
/** -1, 0 or 1. */
export const sign: UnaryOp = unary('sign', tfc.sign);
/** Rounds down. */
export const floor: UnaryOp = unary('floor', tfc.floor);
/** Rounds up. */
export const ceil: UnaryOp = unary('ceil', tfc.ceil);
/** Rounds half to even, as NumPy. */
export const round: UnaryOp = unary('round', tfc.round);
/** Sine. */
export const sin: UnaryOp = unary('sin', tfc.sin);
/** Cosine. */
export const cos: UnaryOp = unary('cos', tfc.cos);
/** Tangent. */
export const tan: UnaryOp = unary('tan', tfc.tan);
/** Arcsine. */
export const asin: UnaryOp = unary('asin', tfc.asin);
/** Arccosine. */
export const acos: UnaryOp = unary('acos', tfc.acos);
/** Arctangent. */
export const atan: UnaryOp = unary('atan', tfc.atan);
/** Hyperbolic sine. */
export const sinh: UnaryOp = unary('sinh', tfc.sinh);
/** Hyperbolic cosine. */
export const cosh: UnaryOp = unary('cosh', tfc.cosh);
/** Hyperbolic tangent. */
export const tanh: UnaryOp = unary('tanh', tfc.tanh);
/** Inverse hyperbolic sine. */
export const asinh: UnaryOp = unary('asinh', tfc.asinh);
/** Inverse hyperbolic cosine. */
export const acosh: UnaryOp = unary('acosh', tfc.acosh);
/** Inverse hyperbolic tangent. */
export const atanh: UnaryOp = unary('atanh', tfc.atanh);
/** The Gauss error function. */
export const erf: UnaryOp = unary('erf', tfc.erf);
/** 1 / (1 + e^-x) */
export const sigmoid: UnaryOp = unary('sigmoid', tfc.sigmoid);
/** log(sigmoid(x)), computed stably. */
export const logSigmoid: UnaryOp = unary('logSigmoid', tfc.logSigmoid);
/** log(1 + e^x), computed stably. */
export const softplus: UnaryOp = unary('softplus', tfc.softplus);
/** max(x, 0) */
export const relu: UnaryOp = unary('relu', tfc.relu);
/** min(max(x, 0), 6) */
export const relu6: UnaryOp = unary('relu6', tfc.relu6);
/** x for x > 0, e^x - 1 otherwise. */
export const elu: UnaryOp = unary('elu', tfc.elu);
/** Scaled ELU with Keras's constants (alpha 1.6732632, scale 1.0507010). */
export const selu: UnaryOp = unary('selu', tfc.selu);
/** True where x is NaN. */
export const isNaN: UnaryOp = unary('isNaN', tfc.isNaN);
/** True where x is +-Infinity. */
export const isInf: UnaryOp = unary('isInf', tfc.isInf);
/** True where x is neither NaN nor infinite. */
export const isFinite: UnaryOp = unary('isFinite', tfc.isFinite);
/** Logical not of a bool tensor. */
export const logicalNot: UnaryOp = unary('logicalNot', tfc.logicalNot);
/** A new tensor with the same values (a gradient passes through unchanged). */
export const identity: UnaryOp = unary('identity', (x) => tfc.clone(x));

/** x for x > 0, alpha * x otherwise. @example `leakyRelu(x, 0.3)` */
export function leakyRelu(x: TensorInput, alpha = 0.2): Tensor {
  return tfc.tidy(() => tfc.leakyRelu(toTensor(x, 'x', 'leakyRelu'), alpha));
}

/** x for x > 0, alpha * x otherwise, with a learned (broadcast) alpha tensor. */
export function prelu(x: TensorInput, alpha: TensorInput): Tensor {
  return tfc.tidy(() => {
    const [tx, ta] = operands(x, alpha, 'prelu');
    return tfc.prelu(tx, ta);
  });
}

/**
 * Heaviside step: 1 for x > 0, `alpha` otherwise. Its gradient is zero
 * everywhere, so it trains nothing by backpropagation (the perceptron rule
 * does not need one).
 */
export function step(x: TensorInput, alpha = 0): Tensor {
  return tfc.tidy(() => tfc.step(toTensor(x, 'x', 'step'), alpha));
}

/** Clips values to `[min, max]`. @example `clipByValue(x, 0, 1)` */
export function clipByValue(x: TensorInput, min: number, max: number): Tensor {
  if (!(min <= max)) throw new ValueError(`clipByValue: min (${min}) must be <= max (${max}).`);
  return tfc.tidy(() => tfc.clipByValue(toTensor(x, 'x', 'clipByValue'), min, max));
}

/**
 * Casts to a dtype. Casting to a narrow integer dtype (int8, uint8, int16,
 * uint16) truncates toward zero and saturates at the dtype's range; the result
 * is stored as int32 (see `dtypes.ts`).
 *
 * @example `cast(tensor([1.7, -2.2]), 'int32') // [1, -2]`
 */
export function cast(x: TensorInput, dtype: DType): Tensor {
  const native = nativeDType(dtype, 'cast');
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'cast');
    const bounds: Partial<Record<DType, [number, number]>> = {
      int8: [-128, 127],
      uint8: [0, 255],
      int16: [-32768, 32767],
      uint16: [0, 65535],
    };
    const b = bounds[dtype];
    if (b === undefined) return tfc.cast(t, native);
    return tfc.cast(tfc.clipByValue(tfc.cast(t, 'int32'), b[0], b[1]), 'int32');
  });
}

// ---- binary ----

/** a + b, broadcasting. */
export const add: BinaryOp = binary('add', tfc.add);
/** a - b, broadcasting. */
export const sub: BinaryOp = binary('sub', tfc.sub);
/** a * b, broadcasting. */
export const mul: BinaryOp = binary('mul', tfc.mul);
/** a / b, broadcasting (true division: int32 inputs give float32). */
export const div: BinaryOp = binary('div', (a, b) =>
  a.dtype === 'int32' && b.dtype === 'int32' ? tfc.div(tfc.cast(a, 'float32'), tfc.cast(b, 'float32')) : tfc.div(a, b),
);
/** a / b, or 0 where b is 0. */
export const divNoNan: BinaryOp = binary('divNoNan', divNoNanWithGradient);
/** floor(a / b). */
export const floorDiv: BinaryOp = binary('floorDiv', tfc.floorDiv);
/** Remainder with the sign of b, as NumPy's `mod`. */
export const mod: BinaryOp = binary('mod', tfc.mod);
/** a^b, broadcasting. */
export const pow: BinaryOp = binary('pow', tfc.pow);
/** Elementwise maximum. */
export const maximum: BinaryOp = binary('maximum', tfc.maximum);
/** Elementwise minimum. */
export const minimum: BinaryOp = binary('minimum', tfc.minimum);
/** (a - b)^2 */
export const squaredDifference: BinaryOp = binary('squaredDifference', tfc.squaredDifference);
/** atan(a / b) in the right quadrant. */
export const atan2: BinaryOp = binary('atan2', tfc.atan2);
/** a == b */
export const equal: BinaryOp = binary('equal', tfc.equal);
/** a != b */
export const notEqual: BinaryOp = binary('notEqual', tfc.notEqual);
/** a < b */
export const less: BinaryOp = binary('less', tfc.less);
/** a <= b */
export const lessEqual: BinaryOp = binary('lessEqual', tfc.lessEqual);
/** a > b */
export const greater: BinaryOp = binary('greater', tfc.greater);
/** a >= b */
export const greaterEqual: BinaryOp = binary('greaterEqual', tfc.greaterEqual);
/** Logical and of bool tensors. */
export const logicalAnd: BinaryOp = binary('logicalAnd', tfc.logicalAnd);
/** Logical or of bool tensors. */
export const logicalOr: BinaryOp = binary('logicalOr', tfc.logicalOr);
/** Logical xor of bool tensors. */
export const logicalXor: BinaryOp = binary('logicalXor', tfc.logicalXor);
