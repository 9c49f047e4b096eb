/**
 * Einstein summation over any number of operands, built from transpose,
 * reshape, matMul, mul and sum, so that it is differentiable on every backend
 * (tfjs's own Einsum kernel has no gradient, takes at most two operands, and
 * is missing on wasm).
 */
import { type TensorInput, toTensor } from '../check.js';
import { DTypeError, ShapeError, shapeString, ValueError } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';

/**
 * A label: a letter, or (for the dimensions an ellipsis stands for) a code
 * that no letter uses: `'.0'`, `'.1'`, ... counted from the right.
 */
type Label = string;

interface Parsed {
  inputs: Label[][];
  output: Label[];
}

const LETTER = /^[A-Za-z]$/;

/** Splits one term into labels; `...` becomes a single '...' marker. */
function splitTerm(term: string, equation: string, where: string): string[] {
  const out: string[] = [];
  let ellipses = 0;
  for (let i = 0; i < term.length; i++) {
    const ch = term[i];
    if (ch === '.') {
      if (term.slice(i, i + 3) !== '...') {
        throw new ValueError(
          `einsum: equation '${equation}': ${where} has a '.' that is not part of an ellipsis '...'. ` +
            `Use exactly three dots for broadcast dimensions.`,
        );
      }
      ellipses++;
      if (ellipses > 1) {
        throw new ValueError(
          `einsum: equation '${equation}': ${where} has more than one ellipsis '...'. Use at most one per term.`,
        );
      }
      out.push('...');
      i += 2;
    } else if (LETTER.test(ch)) {
      out.push(ch);
    } else {
      throw new ValueError(
        `einsum: equation '${equation}': ${where} has the invalid character '${ch}'. ` +
          `Expected letters a-z, A-Z, ',', '->' and '...'; for example 'ij,jk->ik'.`,
      );
    }
  }
  return out;
}

/** Parses the equation against the operands' ranks, expanding ellipses. */
function parse(equation: string, ranks: number[]): Parsed {
  const eq = equation.replace(/\s+/g, '');
  const arrows = eq.split('->').length - 1;
  if (arrows > 1 || /[->]/.test(eq.replace('->', ''))) {
    throw new ValueError(
      `einsum: equation '${equation}' is malformed: expected at most one '->' between the inputs and the output, ` +
        `for example 'ij,jk->ik' or 'ij,jk'.`,
    );
  }
  const [lhs, rhs] = arrows === 1 ? eq.split('->') : [eq, undefined];
  if (rhs?.includes(',')) {
    throw new ValueError(`einsum: equation '${equation}': the output (after '->') must be one term, with no ','.`);
  }
  const terms = lhs.split(',');
  if (terms.length !== ranks.length) {
    throw new ValueError(
      `einsum: equation '${equation}' has ${terms.length} input term(s) but ${ranks.length} operand(s) were given. ` +
        `Expected one comma-separated term per operand.`,
    );
  }
  const raw = terms.map((term, i) => splitTerm(term, equation, `input term ${i} ('${term}')`));
  // How many dimensions each ellipsis covers.
  let ellipsisRank = 0;
  const inputs = raw.map((labels, i) => {
    const named = labels.filter((l) => l !== '...').length;
    const hasEllipsis = labels.includes('...');
    if (hasEllipsis ? named > ranks[i] : named !== ranks[i]) {
      throw new ShapeError(
        `einsum: equation '${equation}': term '${terms[i]}' names ${named} dimension(s)${hasEllipsis ? ' plus an ellipsis' : ''} ` +
          `but operand ${i} has rank ${ranks[i]}. Expected one label per dimension.`,
      );
    }
    const covered = ranks[i] - named;
    ellipsisRank = Math.max(ellipsisRank, covered);
    return labels.flatMap((l) =>
      l === '...' ? Array.from({ length: covered }, (_, k) => `.${covered - 1 - k}`) : [l],
    );
  });
  const ellipsisLabels = Array.from({ length: ellipsisRank }, (_, k) => `.${ellipsisRank - 1 - k}`);
  let output: Label[];
  if (rhs === undefined) {
    // Implicit mode (NumPy): broadcast dimensions first, then the letters seen exactly once, in ASCII order.
    const counts = new Map<string, number>();
    for (const labels of inputs)
      for (const l of labels) if (!l.startsWith('.')) counts.set(l, (counts.get(l) ?? 0) + 1);
    const once = [...counts].filter(([, c]) => c === 1).map(([l]) => l);
    once.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    output = [...ellipsisLabels, ...once];
  } else {
    const labels = splitTerm(rhs, equation, `the output term ('${rhs}')`);
    const seen = new Set<string>();
    for (const l of labels) {
      if (l !== '...' && seen.has(l)) {
        throw new ValueError(
          `einsum: equation '${equation}': the output label '${l}' appears more than once. Each output label must be unique.`,
        );
      }
      seen.add(l);
      if (l !== '...' && !inputs.some((ls) => ls.includes(l))) {
        throw new ValueError(
          `einsum: equation '${equation}': the output label '${l}' appears in no input term. ` +
            `Every output label must name a dimension of some operand.`,
        );
      }
    }
    if (ellipsisRank > 0 && !labels.includes('...')) {
      throw new ValueError(
        `einsum: equation '${equation}': the inputs' '...' stands for ${ellipsisRank} dimension(s) but the output ` +
          `has no '...'. Add '...' to the output (or sum those dimensions explicitly with named labels), as NumPy requires.`,
      );
    }
    output = labels.flatMap((l) => (l === '...' ? ellipsisLabels : [l]));
  }
  return { inputs, output };
}

function describeLabel(l: Label): string {
  return l.startsWith('.') ? `ellipsis dimension ${-Number(l.slice(1)) - 1}` : `label '${l}'`;
}

/** Each label's size; letters must match exactly, ellipsis dimensions broadcast (size 1 stretches). */
function labelSizes(equation: string, inputs: Label[][], shapes: number[][]): Map<Label, number> {
  const sizes = new Map<Label, { size: number; operand: number }>();
  inputs.forEach((labels, i) => {
    labels.forEach((l, axis) => {
      const d = shapes[i][axis];
      const prev = sizes.get(l);
      if (prev === undefined || (l.startsWith('.') && prev.size === 1)) {
        sizes.set(l, { size: d, operand: i });
      } else if (prev.size !== d && !(l.startsWith('.') && d === 1)) {
        const a = prev.operand;
        throw new ShapeError(
          `einsum: equation '${equation}': ${describeLabel(l)} has size ${prev.size} in operand ${a} ` +
            `(shape ${shapeString(shapes[a])}) but size ${d} in operand ${i} (shape ${shapeString(shapes[i])}). ` +
            `Expected equal sizes for every occurrence of a label${l.startsWith('.') ? ' (or 1, to broadcast)' : ''}.`,
        );
      }
    });
  });
  return new Map([...sizes].map(([l, v]) => [l, v.size]));
}

/** A tensor with one label per axis. */
interface Term {
  t: Tensor;
  labels: Label[];
}

/** Takes the diagonal over repeated labels ('ii' -> 'i') with an identity mask and a sum. */
function diagonals(term: Term): Term {
  let { t, labels } = term;
  for (;;) {
    const p = labels.findIndex((l, i) => labels.indexOf(l) !== i);
    if (p < 0) return { t, labels };
    const first = labels.indexOf(labels[p]);
    const n = t.shape[p];
    const maskShape = t.shape.map((_, i) => (i === first || i === p ? n : 1));
    t = tfc.sum(
      tfc.mul(t, tfc.reshape(tfc.eye(n, n, undefined, t.dtype === 'int32' ? 'int32' : 'float32'), maskShape)),
      p,
    );
    labels = labels.filter((_, i) => i !== p);
  }
}

/** Sums away the labels of `term` that are not in `keep`. */
function sumOut(term: Term, keep: Set<Label>): Term {
  const axes = term.labels.map((l, i) => (keep.has(l) ? -1 : i)).filter((i) => i >= 0);
  if (axes.length === 0) return term;
  return { t: tfc.sum(term.t, axes), labels: term.labels.filter((l) => keep.has(l)) };
}

/** Stretches size-1 ellipsis dimensions to their broadcast size. */
function broadcastTerm(term: Term, sizes: Map<Label, number>): Term {
  const full = term.labels.map((l) => sizes.get(l) as number);
  if (full.every((d, i) => d === term.t.shape[i])) return term;
  return { t: tfc.broadcastTo(term.t, full), labels: term.labels };
}

function sizeOf(labels: Label[], sizes: Map<Label, number>): number {
  return labels.reduce((p, l) => p * (sizes.get(l) as number), 1);
}

/** Contracts two terms with one batched matMul, keeping the labels in `keep`. */
function contract(a: Term, b: Term, keep: Set<Label>, sizes: Map<Label, number>): Term {
  const inB = new Set(b.labels);
  const inA = new Set(a.labels);
  const ta = sumOut(a, new Set([...keep, ...b.labels]));
  const tb = sumOut(b, new Set([...keep, ...a.labels]));
  const batch = ta.labels.filter((l) => inB.has(l) && keep.has(l));
  const contracted = ta.labels.filter((l) => inB.has(l) && !keep.has(l));
  const freeA = ta.labels.filter((l) => !inB.has(l));
  const freeB = tb.labels.filter((l) => !inA.has(l));
  const perm = (t: Term, order: Label[]) => {
    const p = order.map((l) => t.labels.indexOf(l));
    return p.every((x, i) => x === i) ? t.t : tfc.transpose(t.t, p);
  };
  const [nb, nc, nfa, nfb] = [batch, contracted, freeA, freeB].map((ls) => sizeOf(ls, sizes));
  const a3 = tfc.reshape(perm(ta, [...batch, ...freeA, ...contracted]), [nb, nfa, nc]);
  const b3 = tfc.reshape(perm(tb, [...batch, ...contracted, ...freeB]), [nb, nc, nfb]);
  let product: Tensor;
  if (nc === 1) product = tfc.mul(a3, b3);
  else if (a3.dtype === 'float32') product = tfc.matMul(a3, b3);
  // Integer matMul is missing on wasm (and inexact through float32): multiply and sum instead.
  else product = tfc.sum(tfc.mul(tfc.expandDims(a3, 3), tfc.expandDims(b3, 1)), 2);
  const labels = [...batch, ...freeA, ...freeB];
  return {
    t: tfc.reshape(
      product,
      labels.map((l) => sizes.get(l) as number),
    ),
    labels,
  };
}

/**
 * Einstein summation, as NumPy's and TensorFlow's `einsum`: each operand gets
 * a term of one label per dimension, and labels absent from the output are
 * summed over.
 *
 * - explicit output `'ij,jk->ik'` or implicit `'ij,jk'` (the output is then
 *   the labels that appear once, in ASCII order);
 * - repeated labels in one term take a diagonal (`'ii->i'`, trace `'ii->'`);
 * - shared labels kept in the output are batch dimensions (`'bij,bjk->bik'`),
 *   labels in no shared term make outer products (`'i,j->ij'`);
 * - `...` stands for broadcast dimensions (`'...ij,...jk->...ik'`), aligned
 *   from the right; size-1 broadcast dimensions stretch, and an explicit
 *   output must then contain `...` too (as in NumPy);
 * - any number of operands, contracted pairwise from left to right.
 *
 * Built from transpose, reshape, matMul, mul and sum, so it is differentiable
 * on every backend. Operands are float32 or int32 (all of one dtype; int32
 * stays int32 and exact). A malformed equation raises a ValueError; a label whose
 * sizes differ between operands raises a ShapeError naming both.
 *
 * @example
 * ```ts
 * einsum('ij,jk->ik', a, b);       // matMul(a, b)
 * einsum('bij,bjk->bik', x, y);    // batched matMul
 * einsum('ii->', m);               // trace
 * einsum('i,j->ij', u, v);         // outer product
 * ```
 */
export function einsum(equation: string, ...operands: TensorInput[]): Tensor {
  if (typeof equation !== 'string') {
    throw new ValueError(
      `einsum: the first argument must be the equation string (for example 'ij,jk->ik'), got ${typeof equation}.`,
    );
  }
  if (operands.length === 0) {
    throw new ValueError(
      `einsum: equation '${equation}' was given no operands. Pass at least one tensor after the equation.`,
    );
  }
  return tfc.tidy(() => {
    const ts = operands.map((x, i) => toTensor(x, `operands[${i}]`, 'einsum'));
    const { inputs, output } = parse(
      equation,
      ts.map((t) => t.rank),
    );
    const sizes = labelSizes(
      equation,
      inputs,
      ts.map((t) => t.shape),
    );
    const dtype = ts[0].dtype;
    if (dtype !== 'float32' && dtype !== 'int32') {
      throw new DTypeError(
        `einsum: operands have dtype '${dtype}', expected float32 or int32. Cast them with cast(x, 'float32').`,
      );
    }
    const mismatch = ts.findIndex((t) => t.dtype !== dtype);
    if (mismatch >= 0) {
      throw new DTypeError(
        `einsum: operand 0 has dtype '${dtype}' but operand ${mismatch} has dtype '${ts[mismatch].dtype}'. ` +
          `Cast the operands to one dtype first.`,
      );
    }
    const outSet = new Set(output);
    // Labels still needed after operand k: the output's and those of operands k+1...
    const needAfter: Set<Label>[] = inputs.map((_, k) => new Set([...output, ...inputs.slice(k + 1).flat()]));
    const terms = ts.map((t, i) => broadcastTerm(diagonals({ t, labels: inputs[i] }), sizes));
    let acc = sumOut(terms[0], new Set([...needAfter[0]]));
    for (let k = 1; k < terms.length; k++) acc = contract(acc, terms[k], needAfter[k], sizes);
    acc = sumOut(acc, outSet);
    const perm = output.map((l) => acc.labels.indexOf(l));
    const result = perm.every((p, i) => p === i) ? acc.t : tfc.transpose(acc.t, perm);
    // Never hand back an input itself (einsum('ij', x) must be a new tensor, as every op's result is).
    return ts.includes(result) ? tfc.clone(result) : result;
  });
}
