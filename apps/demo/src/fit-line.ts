import {
  add,
  assignSub,
  dispose,
  mean,
  mul,
  randomNormal,
  randomUniform,
  square,
  sub,
  tidy,
  valueAndGrads,
  variable,
} from '@layerwise/tensors';

/** What {@link fitLine} learned. */
export interface LineFit {
  slope: number;
  intercept: number;
  loss: number;
  steps: number;
}

/**
 * Fits y = slope * x + intercept to noisy samples of y = 3x + 2 by plain
 * gradient descent with `valueAndGrads`. The loss is read back only every
 * `logEvery` steps, never per step.
 */
export async function fitLine(
  options: {
    steps?: number;
    learningRate?: number;
    seed?: number;
    log?: (line: string) => void;
    logEvery?: number;
  } = {},
): Promise<LineFit> {
  const steps = options.steps ?? 200;
  const lr = options.learningRate ?? 0.05;
  const seed = options.seed ?? 7;
  const logEvery = options.logEvery ?? 20;
  const x = randomUniform([256, 1], -2, 2, 'float32', seed);
  const y = tidy(() => add(add(mul(x, 3), 2), randomNormal([256, 1], 0, 0.1, 'float32', seed + 1)));
  const w = variable(0, { name: 'slope' });
  const b = variable(0, { name: 'intercept' });
  let loss = Number.NaN;
  for (let step = 1; step <= steps; step++) {
    const { value, grads } = valueAndGrads(() => mean(square(sub(add(mul(x, w), b), y))), [w, b]);
    tidy(() => {
      assignSub(w, mul(grads[0], lr));
      assignSub(b, mul(grads[1], lr));
    });
    if (step % logEvery === 0 || step === steps) {
      loss = (await value.data())[0];
      options.log?.(`step ${String(step).padStart(4)}  loss ${loss.toFixed(5)}`);
    }
    dispose([value, ...grads]);
  }
  const result = { slope: (await w.data())[0], intercept: (await b.data())[0], loss, steps };
  dispose([x, y, w, b]);
  return result;
}
