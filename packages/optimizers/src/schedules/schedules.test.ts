// Learning-rate schedules. Sources:
// - Keras 3's own tests (keras/src/optimizers/schedules/learning_rate_schedule_test.py),
//   ported with their numbers and tolerances: Keras's assertAllClose defaults to
//   atol 1e-6, rtol 1e-6 (numpy's allclose: |a - e| <= atol + rtol * |e|).
// - Values computed by Keras 3.15.1 itself (whose learning_rate_schedule.py is
//   identical to keras-team/keras master), on the numpy backend, with
//   `float(np.asarray(schedule(np.array(step, dtype='int64'))))`. The jax
//   backend agrees with them to a few float32 ulps; our float32 arithmetic
//   agrees with both to within 1e-6 relative (mostly bit for bit).
// - Values derived by hand from the formulas at key steps.
// - Configs, and the schedules driving SGD (and Adam, for Keras's fit test).
import { type Config, deserialize, SerializationError, serialize, ValueError } from '@layerwise/core';
import { add, dispose, fill, matMul, mean, square, sub, tensor, tidy, variable } from '@layerwise/tensors';
import { expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { Adam } from '../adam.js';
import { SGD } from '../sgd.js';
import { expectAllClose, values } from '../test-utils.js';
import {
  CosineDecay,
  CosineDecayRestarts,
  ExponentialDecay,
  InverseTimeDecay,
  isLearningRateSchedule,
  type LearningRateSchedule,
  PiecewiseConstantDecay,
  PolynomialDecay,
} from './index.js';

/** numpy's allclose for one number, with Keras's assertAllClose defaults. */
function expectClose(actual: number, expected: number, { atol = 1e-6, rtol = 1e-6 } = {}): void {
  const tol = atol + rtol * Math.abs(expected);
  if (!(Math.abs(actual - expected) <= tol)) {
    expect.fail(`${actual} is not close to ${expected} (|diff| ${Math.abs(actual - expected)} > ${tol})`);
  }
}

/** A float32 number's value in float64, to state exact float32 results. */
const f32 = Math.fround;

type ScheduleClass = { new (options: never): LearningRateSchedule; fromConfig(config: Config): LearningRateSchedule };

/** Keras's run_class_serialization_test: get_config round trip, then serialize / JSON / deserialize. */
function classSerializationTest(instance: LearningRateSchedule): void {
  const cls = instance.constructor as unknown as ScheduleClass;
  const config = instance.getConfig();
  const revived = cls.fromConfig(config);
  expect(revived).toBeInstanceOf(cls);
  expect(JSON.stringify(revived.getConfig())).toBe(JSON.stringify(config));
  const json = JSON.stringify(serialize(instance));
  const deserialized = deserialize<LearningRateSchedule>(JSON.parse(json));
  expect(deserialized).toBeInstanceOf(cls);
  expect(JSON.stringify(deserialized.getConfig())).toBe(JSON.stringify(config));
  for (const step of [0, 1, 5, 10, 37]) expect(deserialized.call(step)).toBe(instance.call(step));
}

function range(start: number, stop: number, step: number): number[] {
  const out: number[] = [];
  for (let i = start; i < stop; i += step) out.push(i);
  return out;
}

// ------------------------------------------------------------------ Keras's tests

describe('ExponentialDecay (learning_rate_schedule_test.py ExponentialDecayTest)', () => {
  it('test_config', () => {
    classSerializationTest(
      new ExponentialDecay({
        initialLearningRate: 0.05,
        decaySteps: 10,
        decayRate: 0.96,
        staircase: true,
        name: 'my_ed',
      }),
    );
  });

  it('test_continuous', () => {
    const decayedLr = new ExponentialDecay({ initialLearningRate: 0.05, decaySteps: 10, decayRate: 0.96 });
    expectClose(decayedLr.call(5), 0.05 * 0.96 ** (5.0 / 10.0));
  });

  it('test_staircase and test_variables', () => {
    const decayedLr = new ExponentialDecay({
      initialLearningRate: 0.1,
      decaySteps: 3,
      decayRate: 0.96,
      staircase: true,
    });
    expectClose(decayedLr.call(1), 0.1); // no change to the learning rate due to staircase
    expectClose(decayedLr.call(2), 0.1);
    expectClose(decayedLr.call(100), 0.1 * 0.96 ** Math.floor(100 / 3));
  });
});

describe('PiecewiseConstantDecay (learning_rate_schedule_test.py PiecewiseConstantDecayTest)', () => {
  it('test_config', () => {
    classSerializationTest(new PiecewiseConstantDecay({ boundaries: [10, 20], values: [1, 2, 3], name: 'my_pcd' }));
  });

  it('test_piecewise_values', () => {
    const decayedLr = new PiecewiseConstantDecay({ boundaries: [100, 110, 120], values: [1.0, 0.1, 0.01, 0.001] });
    const cases: Array<[number, number]> = [
      [-999, 1.0],
      [100, 1.0],
      [105, 0.1],
      [110, 0.1],
      [120, 0.01],
      [999, 0.001],
    ];
    for (const [step, expected] of cases) expectClose(decayedLr.call(step), expected);
  });

  it('test_boundary_values', () => {
    const decayedLr = new PiecewiseConstantDecay({ boundaries: [1, 2, 3], values: [0.4, 0.5, 0.6, 0.7] });
    const expected = [0.4, 0.4, 0.5, 0.6, 0.7];
    for (const [step, want] of expected.entries()) expectClose(decayedLr.call(step), want);
  });
});

describe('PolynomialDecay, power 1 (learning_rate_schedule_test.py LinearDecayTest)', () => {
  const lr = 0.05;
  it('test_config', () => {
    classSerializationTest(
      new PolynomialDecay({
        initialLearningRate: 0.1,
        decaySteps: 100,
        endLearningRate: 0.005,
        power: 1.0,
        cycle: false,
        name: 'my_ld',
      }),
    );
  });
  it('test_halfway', () => {
    expectClose(new PolynomialDecay({ initialLearningRate: lr, decaySteps: 10, endLearningRate: 0 }).call(5), lr * 0.5);
  });
  it('test_end', () => {
    const end = 0.001;
    expectClose(new PolynomialDecay({ initialLearningRate: lr, decaySteps: 10, endLearningRate: end }).call(10), end);
  });
  it('test_halfway_with_end', () => {
    const end = 0.001;
    const decayed = new PolynomialDecay({ initialLearningRate: lr, decaySteps: 10, endLearningRate: end });
    expectClose(decayed.call(5), (lr + end) * 0.5);
  });
  it('test_beyond_end', () => {
    const end = 0.001;
    expectClose(new PolynomialDecay({ initialLearningRate: lr, decaySteps: 10, endLearningRate: end }).call(15), end);
  });
  it('test_beyond_end_with_cycle', () => {
    const end = 0.001;
    const decayed = new PolynomialDecay({ initialLearningRate: lr, decaySteps: 10, endLearningRate: end, cycle: true });
    expectClose(decayed.call(15), (lr - end) * 0.25 + end);
  });
});

describe('PolynomialDecay, power 0.5 (learning_rate_schedule_test.py SqrtDecayTest)', () => {
  const lr = 0.05;
  const end = 0.001;
  const power = 0.5;
  it('test_halfway', () => {
    const decayed = new PolynomialDecay({ initialLearningRate: lr, decaySteps: 10, endLearningRate: 0, power });
    expectClose(decayed.call(5), lr * 0.5 ** power);
  });
  it('test_end', () => {
    const decayed = new PolynomialDecay({ initialLearningRate: lr, decaySteps: 10, endLearningRate: end, power });
    expectClose(decayed.call(10), end);
  });
  it('test_halfway_with_end', () => {
    const decayed = new PolynomialDecay({ initialLearningRate: lr, decaySteps: 10, endLearningRate: end, power });
    expectClose(decayed.call(5), (lr - end) * 0.5 ** power + end);
  });
  it('test_beyond_end', () => {
    const decayed = new PolynomialDecay({ initialLearningRate: lr, decaySteps: 10, endLearningRate: end, power });
    expectClose(decayed.call(15), end);
  });
  it('test_beyond_end_with_cycle', () => {
    const decayed = new PolynomialDecay({
      initialLearningRate: lr,
      decaySteps: 10,
      endLearningRate: end,
      power,
      cycle: true,
    });
    expectClose(decayed.call(15), (lr - end) * 0.25 ** power + end);
  });
  it('test_begin_with_cycle', () => {
    const decayed = new PolynomialDecay({ initialLearningRate: 0.001, decaySteps: 10, cycle: true });
    expectClose(decayed.call(0), 0.001);
  });
});

describe('InverseTimeDecay (learning_rate_schedule_test.py InverseTimeDecayTest)', () => {
  it('test_config', () => {
    classSerializationTest(
      new InverseTimeDecay({
        initialLearningRate: 0.05,
        decaySteps: 10,
        decayRate: 0.96,
        staircase: true,
        name: 'my_itd',
      }),
    );
  });
  it('test_decay', () => {
    const decayedLr = new InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.96 });
    for (let i = 0; i <= 10; i++) expectClose(decayedLr.call(i), 0.1 / (1 + (i / 10) * 0.96));
  });
  it('test_staircase', () => {
    const decayedLr = new InverseTimeDecay({
      initialLearningRate: 0.1,
      decaySteps: 10,
      decayRate: 0.96,
      staircase: true,
    });
    for (let i = 0; i <= 10; i++) expectClose(decayedLr.call(i), 0.1 / (1 + 0.96 * Math.floor(i / 10)));
  });
});

/** Keras's test helper np_cosine_decay. */
function npCosineDecay(step: number, decaySteps: number, alpha = 0.0): number {
  const s = Math.min(step, decaySteps);
  const decay = 0.5 * (1.0 + Math.cos((Math.PI * s) / decaySteps));
  return (1.0 - alpha) * decay + alpha;
}

/** Keras's test helper linear_warmup (without the `+ initial_lr` term; the tests use initial_lr 0). */
function linearWarmup(step: number, warmupSteps: number, initialLr: number, targetLr: number): number {
  return (step / warmupSteps) * (targetLr - initialLr);
}

describe('CosineDecay (learning_rate_schedule_test.py CosineDecayTest)', () => {
  it('test_config', () => {
    classSerializationTest(
      new CosineDecay({
        initialLearningRate: 0.05,
        decaySteps: 10,
        alpha: 0.1,
        warmupTarget: 0.2,
        warmupSteps: 2,
        name: 'my_cd',
      }),
    );
  });
  it('test_decay (and test_float64: JavaScript has one number type, the float32 result still passes)', () => {
    for (const step of range(0, 1500, 250)) {
      const decayedLr = new CosineDecay({ initialLearningRate: 1.0, decaySteps: 1000 });
      expectClose(decayedLr.call(step), npCosineDecay(step, 1000));
    }
  });
  it('test_warmup', () => {
    for (const step of range(0, 1500, 250)) {
      const lr = new CosineDecay({ initialLearningRate: 0.0, decaySteps: 10, warmupTarget: 10.0, warmupSteps: 1500 });
      expectClose(lr.call(step), linearWarmup(step, 1500, 0.0, 10.0));
    }
  });
  it('test_alpha', () => {
    for (const step of range(0, 1500, 250)) {
      const decayedLr = new CosineDecay({ initialLearningRate: 1.0, decaySteps: 1000, alpha: 0.1 });
      expectClose(decayedLr.call(step), npCosineDecay(step, 1000, 0.1));
    }
  });
  it('test_warmup_decay', () => {
    const warmupSteps = 2000;
    const decaySteps = 1000;
    for (const step of range(0, 3000, 250)) {
      const lr = new CosineDecay({ initialLearningRate: 0.0, decaySteps, warmupTarget: 10.0, warmupSteps });
      const expected =
        step < warmupSteps + 1
          ? linearWarmup(step, warmupSteps, 0.0, 10.0)
          : 10.0 * npCosineDecay(step - warmupSteps, decaySteps);
      expectClose(lr.call(step), expected);
    }
  });
});

/** Keras's test helper np_cosine_decay_restarts: walks the periods one by one. */
function npCosineDecayRestarts(step: number, decaySteps: number, tMul = 2.0, mMul = 1.0, alpha = 0.0): number {
  let fac = 1.0;
  let s = step;
  let d = decaySteps;
  while (s >= d) {
    s -= d;
    d *= tMul;
    fac *= mMul;
  }
  const decay = fac * 0.5 * (1.0 + Math.cos((Math.PI * s) / d));
  return (1.0 - alpha) * decay + alpha;
}

describe('CosineDecayRestarts (learning_rate_schedule_test.py CosineDecayRestartsTest)', () => {
  it('test_config', () => {
    classSerializationTest(
      new CosineDecayRestarts({
        initialLearningRate: 0.05,
        firstDecaySteps: 10,
        alpha: 0.1,
        tMul: 3.0,
        mMul: 4.0,
        name: 'my_cdr',
      }),
    );
  });
  const cases: Array<[string, { tMul?: number; mMul?: number; alpha?: number }]> = [
    ['test_decay (and test_float64)', {}],
    ['test_alpha', { alpha: 0.1 }],
    ['test_mmul', { mMul: 0.9 }],
    ['test_tmul', { tMul: 1.0 }],
  ];
  for (const [name, options] of cases) {
    it(name, () => {
      for (const step of range(0, 1500, 250)) {
        const decayedLr = new CosineDecayRestarts({ initialLearningRate: 1.0, firstDecaySteps: 1000, ...options });
        const expected = npCosineDecayRestarts(step, 1000, options.tMul, options.mMul, options.alpha);
        expectClose(decayedLr.call(step), expected);
      }
    });
  }
});

describe("Keras's TestFitLRSchedulesFlow.test_fit_lr_correctness (Dense(2) + Adam with ExponentialDecay)", () => {
  it('three epochs of 4 batches give Keras loss history (rtol 5e-5) and 12 iterations', async () => {
    // Dense(2, kernel ones, bias ones), mse, x = y = arange(32).reshape(16, 2), batch 4, no shuffle.
    const optimizer = new Adam({
      learningRate: new ExponentialDecay({ initialLearningRate: 0.05, decaySteps: 1, decayRate: 0.9 }),
    });
    expect(optimizer.variables()).toHaveLength(1); // the iteration counter only: no learning_rate variable
    expect(optimizer.iterations).toBe(0);
    const kernel = variable(fill([2, 2], 1));
    const bias = variable(fill([2], 1));
    const data = Array.from({ length: 16 }, (_, i) => [2 * i, 2 * i + 1]);
    const batches = [0, 1, 2, 3].map((b) => tensor(data.slice(4 * b, 4 * b + 4)));
    const history: number[] = [];
    for (let epoch = 0; epoch < 3; epoch++) {
      let total = 0;
      for (const xb of batches) {
        const loss = optimizer.minimize(
          () => tidy(() => mean(square(sub(xb, add(matMul(xb, kernel), bias))))),
          [kernel, bias],
        );
        total += (await values(loss))[0];
        loss.dispose();
      }
      history.push(total / batches.length); // Keras's loss tracker: the batch-size-weighted mean (equal batches)
    }
    expect(optimizer.iterations).toBe(4 * 3);
    await expectAllClose(history, [230.79457092285156, 128.30319213867188, 79.33648681640625], {
      rtol: 5e-5,
      atol: 0,
    });
    optimizer.dispose();
    dispose([kernel, bias, ...batches]);
  });
});

// ------------------------------------------------------------------ values from Keras itself

/** [class, options, steps, Keras 3.15.1's float32 results (numpy backend)]. */
const KERAS_VALUES: Array<[string, Record<string, unknown>, number[], number[]]> = [
  // biome-ignore format: a table
  ['ExponentialDecay', { initialLearningRate: 0.05, decaySteps: 10, decayRate: 0.96 }, [0, 1, 5, 10, 15, 100, 1000], [0.05000000074505806, 0.04979630932211876, 0.04898979514837265, 0.04800000041723251, 0.04703020304441452, 0.033241625875234604, 0.0008435140480287373]],
  // biome-ignore format: a table
  ['ExponentialDecay', { initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.96, staircase: true }, [0, 1, 2, 3, 5, 6, 100], [0.10000000149011612, 0.10000000149011612, 0.10000000149011612, 0.09600000083446503, 0.09600000083446503, 0.09216000139713287, 0.02599862590432167]],
  // biome-ignore format: a table
  ['PiecewiseConstantDecay', { boundaries: [100, 110, 120], values: [1.0, 0.1, 0.01, 0.001] }, [0, 100, 101, 105, 110, 111, 120, 121, 999], [1.0, 1.0, 0.10000000149011612, 0.10000000149011612, 0.10000000149011612, 0.009999999776482582, 0.009999999776482582, 0.0010000000474974513, 0.0010000000474974513]],
  // biome-ignore format: a table
  ['PolynomialDecay', { initialLearningRate: 0.05, decaySteps: 10, endLearningRate: 0.001 }, [0, 3, 5, 10, 15], [0.05000000074505806, 0.03529999777674675, 0.02550000138580799, 0.0010000000474974513, 0.0010000000474974513]],
  // biome-ignore format: a table
  ['PolynomialDecay', { initialLearningRate: 0.05, decaySteps: 10, endLearningRate: 0.001, power: 0.5, cycle: true }, [0, 5, 10, 11, 15, 20, 21, 25], [0.05000000074505806, 0.03564823046326637, 0.0010000000474974513, 0.03387019783258438, 0.02550000138580799, 0.0010000000474974513, 0.027838407084345818, 0.021004168316721916]],
  // biome-ignore format: a table
  ['PolynomialDecay', { initialLearningRate: 0.1, decaySteps: 7, endLearningRate: 0.003, power: 2.0, cycle: true }, [0, 3, 7, 8, 13, 14, 15], [0.10000000149011612, 0.03467346355319023, 0.003000000026077032, 0.020816324278712273, 0.003494898322969675, 0.003000000026077032, 0.01091836579144001]],
  // biome-ignore format: a table
  ['InverseTimeDecay', { initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.96 }, [0, 5, 10, 11, 100], [0.10000000149011612, 0.06756756454706192, 0.05102040618658066, 0.048638131469488144, 0.00943396333605051]],
  // biome-ignore format: a table
  ['InverseTimeDecay', { initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.96, staircase: true }, [0, 9, 10, 19, 20, 100], [0.10000000149011612, 0.10000000149011612, 0.05102040618658066, 0.05102040618658066, 0.034246575087308884, 0.00943396333605051]],
  // biome-ignore format: a table
  ['CosineDecay', { initialLearningRate: 1.0, decaySteps: 1000 }, [0, 250, 500, 750, 999, 1000, 1500], [1.0, 0.8535534143447876, 0.4999999701976776, 0.1464466154575348, 2.473592758178711e-6, 0.0, 0.0]],
  // biome-ignore format: a table
  ['CosineDecay', { initialLearningRate: 0.1, decaySteps: 1000, alpha: 0.1 }, [0, 500, 1000, 2000], [0.10000000149011612, 0.05499999597668648, 0.010000000707805157, 0.010000000707805157]],
  // biome-ignore format: a table
  ['CosineDecay', { initialLearningRate: 0.01, decaySteps: 30, alpha: 0.05, warmupTarget: 0.2, warmupSteps: 7 }, [0, 1, 3, 6, 7, 8, 22, 37, 38, 100], [0.009999999776482582, 0.037142857909202576, 0.09142857044935226, 0.1728571504354477, 0.20000000298023224, 0.1994795799255371, 0.10499999672174454, 0.010000000707805157, 0.010000000707805157, 0.010000000707805157]],
  // biome-ignore format: a table
  ['CosineDecayRestarts', { initialLearningRate: 1.0, firstDecaySteps: 1000 }, [0, 500, 999, 1000, 2000, 2999, 3000, 7000, 15000], [1.0, 0.4999999701976776, 2.473592758178711e-6, 1.0, 0.4999999701976776, 6.258487701416016e-7, 1.0, 1.0, 1.0]],
  // biome-ignore format: a table
  ['CosineDecayRestarts', { initialLearningRate: 0.1, firstDecaySteps: 10, tMul: 3.0, mMul: 0.5, alpha: 0.1 }, [0, 5, 9, 10, 25, 39, 40, 100, 129, 130, 131], [0.10000000149011612, 0.05499999597668648, 0.012202458456158638, 0.055000003427267075, 0.032499998807907104, 0.010123257525265217, 0.032499998807907104, 0.015625, 0.010006853379309177, 0.021250000223517418, 0.021249620243906975]],
  // biome-ignore format: a table
  ['CosineDecayRestarts', { initialLearningRate: 0.1, firstDecaySteps: 10, tMul: 1.0, mMul: 0.9 }, [0, 5, 10, 15, 20, 35, 100], [0.10000000149011612, 0.04999999701976776, 0.08999999612569809, 0.044999998062849045, 0.08099999278783798, 0.03644999489188194, 0.03486783429980278]],
  // biome-ignore format: a table
  ['CosineDecayRestarts', { initialLearningRate: 0.1, firstDecaySteps: 7, tMul: 1.5, mMul: 0.8, alpha: 0.01 }, [0, 7, 17, 18, 28, 29, 51, 52, 100], [0.10000000149011612, 0.08020000159740448, 0.0014422977110370994, 0.06420258432626724, 0.016840001568198204, 0.01171779539436102, 0.00834877323359251, 0.006141476333141327, 0.031794801354408264]],
  // tMul < 1: periods of 10, 5, 2.5, ... steps, 20 in all; past them Keras's formula gives NaN.
  // biome-ignore format: a table
  ['CosineDecayRestarts', { initialLearningRate: 0.1, firstDecaySteps: 10, tMul: 0.5 }, [0, 5, 10, 15, 17, 19, 20, 25], [0.10000000149011612, 0.04999999701976776, 0.10000000149011612, 0.10000000149011612, 0.009549128822982311, 0.06545090675354004, Number.NaN, Number.NaN]],
];

const CLASSES: Record<string, ScheduleClass> = {
  ExponentialDecay,
  PiecewiseConstantDecay,
  PolynomialDecay,
  InverseTimeDecay,
  CosineDecay,
  CosineDecayRestarts,
};

describe('values computed by Keras 3.15.1 (float32; rtol 1e-6, i.e. a few float32 ulps)', () => {
  for (const [name, options, steps, expected] of KERAS_VALUES) {
    it(`${name} ${JSON.stringify(options)}`, () => {
      const schedule = new CLASSES[name](options as never);
      for (const [i, step] of steps.entries()) {
        const got = schedule.call(step);
        if (Number.isNaN(expected[i])) expect(got, `step ${step}`).toBeNaN();
        else expectClose(got, expected[i], { atol: 0, rtol: 1e-6 });
      }
    });
  }
});

// ------------------------------------------------------------------ hand-derived values

describe('hand-derived values at key steps', () => {
  it('ExponentialDecay: 1 * 0.25^(step / 2); staircase floors the exponent', () => {
    const smooth = new ExponentialDecay({ initialLearningRate: 1, decaySteps: 2, decayRate: 0.25 });
    expect([0, 1, 2, 3, 4, 10].map((s) => smooth.call(s))).toEqual([1, 0.5, 0.25, 0.125, 0.0625, 0.25 ** 5]);
    const stairs = new ExponentialDecay({ initialLearningRate: 1, decaySteps: 2, decayRate: 0.25, staircase: true });
    expect([0, 1, 2, 3, 4, 5].map((s) => stairs.call(s))).toEqual([1, 1, 0.25, 0.25, 0.0625, 0.0625]);
    // A growth rate > 1 is allowed, as in Keras.
    expect(new ExponentialDecay({ initialLearningRate: 0.5, decaySteps: 1, decayRate: 2 }).call(3)).toBe(4);
  });

  it('PiecewiseConstantDecay: boundaries belong to the interval below them', () => {
    const schedule = new PiecewiseConstantDecay({ boundaries: [2, 5], values: [0.5, 0.25, 0.125] });
    expect(range(0, 9, 1).map((s) => schedule.call(s))).toEqual([0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125]);
    const one = new PiecewiseConstantDecay({ boundaries: [0], values: [1, 0.5] });
    expect([0, 1, 1e9].map((s) => one.call(s))).toEqual([1, 0.5, 0.5]);
    // Equal boundaries leave an empty interval, as Keras's sum of interval indicators does.
    const equal = new PiecewiseConstantDecay({ boundaries: [3, 3], values: [1, 2, 4] });
    expect([3, 4].map((s) => equal.call(s))).toEqual([1, 4]);
    // Values come back as float32, as Keras's float32 tensor.
    expect(new PiecewiseConstantDecay({ boundaries: [1], values: [0.1, 0.2] }).call(0)).toBe(f32(0.1));
  });

  it('PolynomialDecay: (1 - step/4)^2 down to the end rate; cycle stretches the period to the next multiple', () => {
    const quadratic = new PolynomialDecay({ initialLearningRate: 1, decaySteps: 4, endLearningRate: 0, power: 2 });
    expect([0, 1, 2, 3, 4, 5, 100].map((s) => quadratic.call(s))).toEqual([1, 0.5625, 0.25, 0.0625, 0, 0, 0]);
    const cycled = new PolynomialDecay({
      initialLearningRate: 1,
      decaySteps: 4,
      endLearningRate: 0,
      power: 2,
      cycle: true,
    });
    // step 5: period 8, (1 - 5/8)^2; step 8: the end of period 8; step 9: period 12, (1 - 9/12)^2.
    expect([0, 4, 5, 8, 9, 12].map((s) => cycled.call(s))).toEqual([1, 0, 0.140625, 0, 0.0625, 0]);
    const linear = new PolynomialDecay({ initialLearningRate: 1, decaySteps: 4, endLearningRate: 0.5 });
    expect([0, 2, 4, 8].map((s) => linear.call(s))).toEqual([1, 0.75, 0.5, 0.5]);
    // The default end rate is Keras's 0.0001, the default power 1.
    expect(new PolynomialDecay({ initialLearningRate: 1, decaySteps: 10 }).call(10)).toBe(f32(0.0001));
  });

  it('InverseTimeDecay: 1 / (1 + step / 2); staircase floors step / 2', () => {
    const smooth = new InverseTimeDecay({ initialLearningRate: 1, decaySteps: 2, decayRate: 1 });
    expect([0, 1, 2, 6].map((s) => smooth.call(s))).toEqual([1, f32(1 / 1.5), 0.5, 0.25]);
    const stairs = new InverseTimeDecay({ initialLearningRate: 1, decaySteps: 2, decayRate: 1, staircase: true });
    expect([0, 1, 2, 3, 6, 7].map((s) => stairs.call(s))).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25]);
  });

  it('the step is a float32, as in Keras (values checked against Keras 3.15.1, numpy and jax backends)', () => {
    const schedule = new InverseTimeDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 1 });
    expect(schedule.call(2 ** 24 + 1)).toBe(schedule.call(2 ** 24));
    expect(schedule.call(2 ** 24)).toBe(2 ** -24); // 1 / (1 + 2^24), with 1 + 2^24 rounded to 2^24
    // float32(2^24 + 3) is 2^24 + 4: one full decay period, where float64 would still be short of it.
    const stairs = new ExponentialDecay({
      initialLearningRate: 1,
      decaySteps: 2 ** 24 + 4,
      decayRate: 0.5,
      staircase: true,
    });
    expect(stairs.call(2 ** 24 + 1)).toBe(1);
    expect(stairs.call(2 ** 24 + 3)).toBe(0.5);
  });

  it('CosineDecay: (1 + cos(pi * step / 4)) / 2, alpha as the floor, constant past the end', () => {
    const schedule = new CosineDecay({ initialLearningRate: 1, decaySteps: 4 });
    const want = [1, (1 + Math.SQRT1_2) / 2, 0.5, (1 - Math.SQRT1_2) / 2, 0, 0, 0];
    for (const [s, w] of want.entries()) expectClose(schedule.call(s), w, { atol: 1e-7, rtol: 0 });
    const floored = new CosineDecay({ initialLearningRate: 2, decaySteps: 4, alpha: 0.25 });
    // 2 * (0.75 * cosine + 0.25): 2 at the start, 1.25 halfway, 0.5 (= 2 * alpha) from the end on.
    for (const [s, w] of [
      [0, 2],
      [2, 1.25],
      [4, 0.5],
      [50, 0.5],
    ]) {
      expectClose(floored.call(s), w, { atol: 1e-7, rtol: 0 });
    }
  });

  it("CosineDecay with warmup: a linear ramp from the initial rate to warmupTarget, then Keras's cosine", () => {
    const schedule = new CosineDecay({ initialLearningRate: 0, decaySteps: 4, warmupTarget: 1, warmupSteps: 4 });
    const want = [0, 0.25, 0.5, 0.75, 1, (1 + Math.SQRT1_2) / 2, 0.5, (1 - Math.SQRT1_2) / 2, 0, 0, 0];
    for (const [s, w] of want.entries()) expectClose(schedule.call(s), w, { atol: 1e-7, rtol: 0 });
    // Keras's code ramps from initialLearningRate (its docstring's formula leaves the offset out).
    const offset = new CosineDecay({ initialLearningRate: 0.2, decaySteps: 4, warmupTarget: 1, warmupSteps: 4 });
    for (const [s, w] of [
      [0, 0.2],
      [2, 0.6],
      [4, 1],
    ]) {
      expectClose(offset.call(s), w, { atol: 1e-7, rtol: 0 });
    }
    // warmupSteps 0 (the default) with a target: the decay starts from the target at once.
    const noRamp = new CosineDecay({ initialLearningRate: 0.1, decaySteps: 4, warmupTarget: 1 });
    expectClose(noRamp.call(0), 1, { atol: 1e-7, rtol: 0 });
    expectClose(noRamp.call(2), 0.5, { atol: 1e-7, rtol: 0 });
    // Without a target, warmupSteps is ignored, as in Keras.
    const ignored = new CosineDecay({ initialLearningRate: 1, decaySteps: 4, warmupSteps: 100 });
    expectClose(ignored.call(2), 0.5, { atol: 1e-7, rtol: 0 });
  });

  it('CosineDecayRestarts: periods of 4, 8, 16 steps, each restarting at half the previous peak', () => {
    const schedule = new CosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: 4, mMul: 0.5 });
    // [step, rate]: period 0 is [0, 4), period 1 is [4, 12), period 2 is [12, 28), period 3 starts at 28.
    const want: Array<[number, number]> = [
      [0, 1],
      [2, 0.5],
      [3, (1 - Math.SQRT1_2) / 2],
      [4, 0.5],
      [8, 0.25],
      [11, 0.5 * 0.5 * (1 + Math.cos((Math.PI * 7) / 8))],
      [12, 0.25],
      [20, 0.125],
      [28, 0.125],
      [60, 0.0625],
    ];
    for (const [s, w] of want) expectClose(schedule.call(s), w, { atol: 1e-7, rtol: 0 });
    // alpha is added after the mMul factor, as Keras: (1 - alpha) * mMul^i * cosine + alpha.
    const withAlpha = new CosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: 4, mMul: 0.5, alpha: 0.1 });
    expectClose(withAlpha.call(4), 0.9 * 0.5 + 0.1, { atol: 1e-7, rtol: 0 });
    expectClose(withAlpha.call(3.999), 0.1, { atol: 1e-6, rtol: 0 });
    // tMul 1: equal periods of 4 steps.
    const equal = new CosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: 4, tMul: 1, mMul: 0.5 });
    for (const [s, w] of [
      [4, 0.5],
      [6, 0.25],
      [8, 0.25],
      [10, 0.125],
    ]) {
      expectClose(equal.call(s), w, { atol: 1e-7, rtol: 0 });
    }
  });
});

// ------------------------------------------------------------------ validation

describe('argument validation', () => {
  it('decaySteps (firstDecaySteps) must be > 0, as Keras', () => {
    expect(() => new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.9 })).toThrow(ValueError);
    expect(() => new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.9 })).toThrow(
      'ExponentialDecay: argument `decaySteps` must be a finite number > 0, got 0.',
    );
    expect(() => new PolynomialDecay({ initialLearningRate: 0.1, decaySteps: -1 })).toThrow(
      'PolynomialDecay: argument `decaySteps` must be a finite number > 0, got -1.',
    );
    expect(() => new InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 1 })).toThrow(
      /InverseTimeDecay: argument `decaySteps` must be/,
    );
    expect(() => new CosineDecay({ initialLearningRate: 0.1, decaySteps: Number.POSITIVE_INFINITY })).toThrow(
      'CosineDecay: argument `decaySteps` must be a finite number > 0, got Infinity.',
    );
    expect(() => new CosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 0 })).toThrow(
      'CosineDecayRestarts: argument `firstDecaySteps` must be a finite number > 0, got 0.',
    );
  });

  it('rates must be finite numbers; flags booleans; unknown options are refused', () => {
    expect(() => new ExponentialDecay({ decaySteps: 10, decayRate: 0.9 } as never)).toThrow(
      'ExponentialDecay: `initialLearningRate` must be a finite number, got undefined.',
    );
    expect(() => new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10 } as never)).toThrow(
      '`decayRate` must be a finite number, got undefined.',
    );
    expect(() => new InverseTimeDecay({ initialLearningRate: '0.1' as never, decaySteps: 1, decayRate: 1 })).toThrow(
      "InverseTimeDecay: `initialLearningRate` must be a finite number, got '0.1'.",
    );
    expect(() => new PolynomialDecay({ initialLearningRate: 0.1, decaySteps: 10, power: Number.NaN })).toThrow(
      '`power` must be a finite number, got NaN.',
    );
    expect(
      () => new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9, staircase: 1 as never }),
    ).toThrow('ExponentialDecay: `staircase` must be a boolean, got 1.');
    expect(() => new PolynomialDecay({ initialLearningRate: 0.1, decaySteps: 10, cycle: 'yes' as never })).toThrow(
      "`cycle` must be a boolean, got 'yes'.",
    );
    expect(() => new CosineDecay({ initialLearningRate: 0.1, decaySteps: 10, decay: 0.9 } as never)).toThrow(
      'CosineDecay: option(s) not recognized: decay. Expected some of: initialLearningRate, decaySteps, alpha, name, warmupTarget, warmupSteps.',
    );
    expect(() => new CosineDecay(undefined as never)).toThrow(
      'CosineDecay: expected an options object, got undefined.',
    );
    expect(() => new CosineDecay({ initialLearningRate: 0.1, decaySteps: 10, name: '' })).toThrow(
      'CosineDecay: `name` must be a non-empty string',
    );
  });

  it('CosineDecay: warmupSteps >= 0, warmupTarget a number or null', () => {
    expect(() => new CosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupTarget: 1, warmupSteps: -1 })).toThrow(
      'CosineDecay: `warmupSteps` must be a finite number >= 0, got -1.',
    );
    expect(() => new CosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupTarget: 'x' as never })).toThrow(
      "CosineDecay: `warmupTarget` must be a finite number, got 'x'.",
    );
    expect(new CosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupTarget: null }).warmupTarget).toBeNull();
  });

  it('CosineDecayRestarts: tMul > 0, mMul >= 0', () => {
    expect(() => new CosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 10, tMul: 0 })).toThrow(
      'CosineDecayRestarts: `tMul` must be a finite number > 0 (the ratio of consecutive period lengths), got 0.',
    );
    expect(() => new CosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 10, mMul: -0.5 })).toThrow(
      'CosineDecayRestarts: `mMul` must be a finite number >= 0, got -0.5.',
    );
  });

  it("PiecewiseConstantDecay: Keras's length check, at least one boundary, increasing, numbers", () => {
    expect(() => new PiecewiseConstantDecay({ boundaries: [1, 2], values: [1, 2] })).toThrow(
      'PiecewiseConstantDecay: the length of boundaries should be 1 less than the length of values. ' +
        'Received: boundaries=[1, 2] of length 2, and values=[1, 2] of length 2.',
    );
    expect(() => new PiecewiseConstantDecay({ boundaries: [], values: [1] })).toThrow(
      'PiecewiseConstantDecay: expected at least one boundary (and two values), got none.',
    );
    expect(() => new PiecewiseConstantDecay({ boundaries: [10, 5], values: [1, 2, 3] })).toThrow(
      'PiecewiseConstantDecay: `boundaries` must be increasing, but boundaries[1] = 5 < boundaries[0] = 10.',
    );
    expect(() => new PiecewiseConstantDecay({ boundaries: [1, Number.NaN], values: [1, 2, 3] })).toThrow(
      'PiecewiseConstantDecay: `boundaries` must be an array of finite numbers, got [1, NaN].',
    );
    expect(() => new PiecewiseConstantDecay({ boundaries: 5 as never, values: [1, 2] })).toThrow(
      '`boundaries` must be an array of finite numbers, got 5.',
    );
  });
});

// ------------------------------------------------------------------ configs

describe('configs', () => {
  const instances: Array<[LearningRateSchedule, Config]> = [
    [
      new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.5, staircase: true }),
      { initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.5, staircase: true, name: 'ExponentialDecay' },
    ],
    [
      new PiecewiseConstantDecay({ boundaries: [2, 4], values: [0.3, 0.2, 0.1] }),
      { boundaries: [2, 4], values: [0.3, 0.2, 0.1], name: 'PiecewiseConstant' },
    ],
    [
      new PolynomialDecay({ initialLearningRate: 0.1, decaySteps: 4, endLearningRate: 0.02, power: 2, cycle: true }),
      {
        initialLearningRate: 0.1,
        decaySteps: 4,
        endLearningRate: 0.02,
        power: 2,
        cycle: true,
        name: 'PolynomialDecay',
      },
    ],
    [
      new InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 2, decayRate: 1 }),
      { initialLearningRate: 0.1, decaySteps: 2, decayRate: 1, staircase: false, name: 'InverseTimeDecay' },
    ],
    [
      new CosineDecay({ initialLearningRate: 0, decaySteps: 4, alpha: 0.1, warmupTarget: 0.1, warmupSteps: 2 }),
      { initialLearningRate: 0, decaySteps: 4, alpha: 0.1, name: 'CosineDecay', warmupTarget: 0.1, warmupSteps: 2 },
    ],
    [
      new CosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 2, tMul: 1.5, mMul: 0.8, alpha: 0.05 }),
      { initialLearningRate: 0.1, firstDecaySteps: 2, tMul: 1.5, mMul: 0.8, alpha: 0.05, name: 'SGDRDecay' },
    ],
  ];

  for (const [schedule, expected] of instances) {
    const cls = schedule.constructor as unknown as ScheduleClass & { className: string };
    it(`${cls.className}: Keras's keys in camelCase with Keras's default name; round trips through JSON`, () => {
      expect(schedule.getConfig()).toEqual(expected);
      expect(isLearningRateSchedule(schedule)).toBe(true);
      const saved = JSON.parse(JSON.stringify(serialize(schedule)));
      expect(saved).toEqual({ className: cls.className, config: expected });
      const revived = deserialize<LearningRateSchedule>(saved);
      expect(revived).toBeInstanceOf(cls);
      expect(revived.getConfig()).toEqual(expected);
      for (const step of range(0, 12, 1)) expect(revived.call(step)).toBe(schedule.call(step));
    });
  }

  it("reads Keras's own serialized schedules (snake_case, module, registered_name)", () => {
    // keras.optimizers.schedules.serialize(...) output from Keras 3.15.1.
    const keras: Array<{ module: string; class_name: string; config: Config; registered_name: null }> = [
      {
        module: 'keras.optimizers.schedules',
        class_name: 'CosineDecayRestarts',
        config: {
          initial_learning_rate: 0.05,
          first_decay_steps: 10,
          t_mul: 3.0,
          m_mul: 4.0,
          alpha: 0.1,
          name: 'my_cdr',
        },
        registered_name: null,
      },
      {
        module: 'keras.optimizers.schedules',
        class_name: 'PiecewiseConstantDecay',
        config: { boundaries: [10, 20], values: [1, 2, 3], name: 'my_pcd' },
        registered_name: null,
      },
      {
        module: 'keras.optimizers.schedules',
        class_name: 'CosineDecay',
        config: {
          initial_learning_rate: 0.05,
          decay_steps: 10,
          alpha: 0.1,
          name: 'my_cd',
          warmup_target: 0.2,
          warmup_steps: 2,
        },
        registered_name: null,
      },
    ];
    const [restarts, piecewise, cosine] = keras.map((k) =>
      deserialize<LearningRateSchedule>({ className: k.class_name, config: k.config }),
    );
    expect(restarts).toBeInstanceOf(CosineDecayRestarts);
    expect(restarts.getConfig()).toEqual({
      initialLearningRate: 0.05,
      firstDecaySteps: 10,
      tMul: 3,
      mMul: 4,
      alpha: 0.1,
      name: 'my_cdr',
    });
    expect(piecewise.call(15)).toBe(2);
    expect(cosine).toBeInstanceOf(CosineDecay);
    expect((cosine as CosineDecay).warmupTarget).toBe(0.2);
    expectClose(cosine.call(1), 0.125, { atol: 1e-7, rtol: 0 }); // halfway up the warmup from 0.05 to 0.2
  });

  it("Keras's docstring config (name None) and every class's fromConfig take snake_case", () => {
    // From keras.optimizers.schedules.deserialize's docstring.
    const schedule = deserialize<PolynomialDecay>({
      className: 'PolynomialDecay',
      config: {
        cycle: false,
        decay_steps: 10000,
        end_learning_rate: 0.01,
        initial_learning_rate: 0.1,
        name: null,
        power: 0.5,
      },
    });
    expect(schedule).toBeInstanceOf(PolynomialDecay);
    expect(schedule.name).toBe('PolynomialDecay');
    expect(schedule.call(7500)).toBeCloseTo(0.055, 7);
    expect(ExponentialDecay.fromConfig({ initial_learning_rate: 1, decay_steps: 2, decay_rate: 0.25 }).call(2)).toBe(
      0.25,
    );
    expect(InverseTimeDecay.fromConfig({ initial_learning_rate: 1, decay_steps: 2, decay_rate: 1 }).call(2)).toBe(0.5);
    expect(
      PiecewiseConstantDecay.fromConfig({ boundaries: [1], values: [1, 0.5], name: 'PiecewiseConstant' }).call(2),
    ).toBe(0.5);
    expect(CosineDecay.fromConfig({ initial_learning_rate: 1, decay_steps: 4, warmup_target: null }).call(4)).toBe(0);
    expect(
      CosineDecayRestarts.fromConfig({ initial_learning_rate: 1, first_decay_steps: 4, t_mul: 1, m_mul: 0.5 }).call(4),
    ).toBe(0.5);
  });

  it('an unknown config key is a SerializationError that names it; bad values are ValueErrors', () => {
    expect(() =>
      ExponentialDecay.fromConfig({ initial_learning_rate: 1, decay_steps: 2, decay_rate: 0.5, gamma: 1 }),
    ).toThrow(SerializationError);
    expect(() => CosineDecay.fromConfig({ initial_learning_rate: 1, decay_steps: 2, warmup: 3 })).toThrow(
      "CosineDecay.fromConfig: unknown config key 'warmup'.",
    );
    expect(() => PolynomialDecay.fromConfig({ initial_learning_rate: 1, decay_steps: 0 })).toThrow(ValueError);
  });
});

// ------------------------------------------------------------------ driving an optimizer

/** w -= lr * g, in float32 as the optimizer does it. */
function sgdStep(w: number[], g: number[], lr: number): number[] {
  return w.map((x, i) => f32(x - f32(f32(lr) * g[i])));
}

describe('schedules as the learning rate of SGD', () => {
  const schedules: Array<[string, () => LearningRateSchedule]> = [
    ['ExponentialDecay', () => new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5 })],
    [
      'ExponentialDecay staircase',
      () => new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5, staircase: true }),
    ],
    ['PiecewiseConstantDecay', () => new PiecewiseConstantDecay({ boundaries: [1, 3], values: [0.3, 0.2, 0.1] })],
    [
      'PolynomialDecay cycle',
      () => new PolynomialDecay({ initialLearningRate: 0.1, decaySteps: 3, endLearningRate: 0.01, cycle: true }),
    ],
    ['InverseTimeDecay', () => new InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 })],
    [
      'CosineDecay with warmup',
      () => new CosineDecay({ initialLearningRate: 0, decaySteps: 4, warmupTarget: 0.2, warmupSteps: 2 }),
    ],
    [
      'CosineDecayRestarts',
      () => new CosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 2, tMul: 1.5, mMul: 0.5 }),
    ],
  ];

  for (const [label, make] of schedules) {
    it(`${label}: step sizes follow the schedule; optimizer.learningRate reads it; it survives serialization`, async () => {
      const schedule = make();
      const optimizer = new SGD({ learningRate: schedule });
      expect(optimizer.learningRateSchedule).toBe(schedule);
      const g = [1, -0.5];
      const grad = tensor(g);
      const w = variable(tensor([1, 2]));
      let expected = [1, 2];
      const rates: number[] = [];
      for (let step = 0; step < 7; step++) {
        // What an LR-logging callback sees: the rate the next update uses.
        expect(optimizer.learningRate).toBe(schedule.call(step));
        rates.push(optimizer.learningRate);
        optimizer.applyGradients([[grad, w]]);
        expected = sgdStep(expected, g, schedule.call(step));
        await expectAllClose(w, expected, { atol: 2e-7, rtol: 0 });
      }
      expect(new Set(rates).size).toBeGreaterThan(2); // the schedule really changes the rate here

      // The optimizer's config carries the schedule; a revived optimizer takes the same steps.
      const saved = JSON.parse(JSON.stringify(serialize(optimizer)));
      const cls = schedule.constructor as unknown as { className: string };
      expect(saved.config.learningRate).toEqual({ className: cls.className, config: schedule.getConfig() });
      const revived = deserialize<SGD>(saved);
      expect(revived).toBeInstanceOf(SGD);
      expect(revived.learningRateSchedule).toBeInstanceOf(schedule.constructor);
      expect(revived.getConfig()).toEqual(optimizer.getConfig());
      const w2 = variable(tensor([1, 2]));
      for (let step = 0; step < 7; step++) {
        expect(revived.learningRate).toBe(rates[step]);
        revived.applyGradients([[grad, w2]]);
      }
      await expectAllClose(w2, expected, { atol: 2e-7, rtol: 0 });
      optimizer.dispose();
      revived.dispose();
      dispose([grad, w, w2]);
    });
  }

  it("matches Keras 3.15.1's SGD(PolynomialDecay(0.1, 4, 0.02, power=2)) step by step", async () => {
    // [learning_rate, iterations] before each step and the weights after it, from Keras (numpy backend).
    const keras = [
      [0.09999999403953552, [0.8999999761581421, 2.049999952316284]],
      [0.06499999761581421, [0.8349999785423279, 2.0824999809265137]],
      [0.03999999910593033, [0.7949999570846558, 2.1024999618530273]],
      [0.02499999850988388, [0.7699999809265137, 2.115000009536743]],
      [0.019999999552965164, [0.75, 2.125]],
      [0.019999999552965164, [0.7300000190734863, 2.134999990463257]],
    ] as const;
    const optimizer = new SGD({
      learningRate: new PolynomialDecay({ initialLearningRate: 0.1, decaySteps: 4, endLearningRate: 0.02, power: 2 }),
    });
    const w = variable(tensor([1, 2]));
    const g = tensor([1, -0.5]);
    for (const [lr, weights] of keras) {
      expect(optimizer.learningRate).toBe(lr);
      optimizer.applyGradients([[g, w]]);
      await expectAllClose(w, [...weights], { atol: 2e-7, rtol: 0 });
    }
    optimizer.dispose();
    dispose([w, g]);
  });

  it("loads Keras's SGD config with an ExponentialDecay learning rate", () => {
    // keras.optimizers.serialize(SGD(learning_rate=ExponentialDecay(0.1, 3, 0.5, staircase=True))), Keras 3.15.1.
    const keras = {
      module: 'keras.optimizers',
      class_name: 'SGD',
      config: {
        name: 'sgd',
        learning_rate: {
          module: 'keras.optimizers.schedules',
          class_name: 'ExponentialDecay',
          config: {
            initial_learning_rate: 0.1,
            decay_steps: 3,
            decay_rate: 0.5,
            staircase: true,
            name: 'ExponentialDecay',
          },
          registered_name: null,
        },
        weight_decay: null,
        clipnorm: null,
        global_clipnorm: null,
        clipvalue: null,
        use_ema: false,
        ema_momentum: 0.99,
        ema_overwrite_frequency: null,
        loss_scale_factor: null,
        gradient_accumulation_steps: null,
        momentum: 0.0,
        nesterov: false,
      },
      registered_name: null,
    };
    const optimizer = SGD.fromConfig(keras.config as unknown as Config);
    const schedule = optimizer.learningRateSchedule;
    expect(schedule).toBeInstanceOf(ExponentialDecay);
    expect((schedule as ExponentialDecay).staircase).toBe(true);
    expect(optimizer.learningRate).toBe(f32(0.1));
    expect(optimizer.getConfig().learningRate).toEqual({
      className: 'ExponentialDecay',
      config: { initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.5, staircase: true, name: 'ExponentialDecay' },
    });
    optimizer.dispose();
  });

  it('a callback can read the scheduled rate and replace it with a constant (ReduceLROnPlateau-style)', async () => {
    const schedule = new ExponentialDecay({ initialLearningRate: 0.4, decaySteps: 1, decayRate: 0.5 });
    const optimizer = new SGD({ learningRate: schedule });
    const w = variable(tensor([0]));
    const g = tensor([1]);
    optimizer.applyGradients([[g, w]]); // lr 0.4
    optimizer.applyGradients([[g, w]]); // lr 0.2
    expect(optimizer.learningRate).toBe(f32(0.1)); // what the schedule gives at step 2
    optimizer.learningRate = optimizer.learningRate * 0.5; // the callback halves the current rate
    expect(optimizer.learningRateSchedule).toBeNull();
    optimizer.applyGradients([[g, w]]); // lr 0.05
    optimizer.applyGradients([[g, w]]); // still 0.05: the schedule no longer applies
    await expectAllClose(w, [-(0.4 + 0.2 + 0.05 + 0.05)], { atol: 1e-6, rtol: 0 });
    optimizer.learningRate = schedule; // and can put the schedule back: it resumes at the current step
    expect(optimizer.learningRate).toBe(f32(0.4 * 0.5 ** 4));
    optimizer.dispose();
    dispose([w, g]);
  });

  it('with gradient accumulation the schedule sees every micro-step, as in Keras', () => {
    const schedule = new InverseTimeDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 1 });
    const optimizer = new SGD({ learningRate: schedule, gradientAccumulationSteps: 2 });
    const w = variable(tensor([0]));
    const g = tensor([1]);
    optimizer.applyGradients([[g, w]]);
    optimizer.applyGradients([[g, w]]);
    expect(optimizer.iterations).toBe(1);
    expect(optimizer.learningRate).toBe(schedule.call(2));
    optimizer.dispose();
    dispose([w, g]);
  });

  it('the live tensor count is stable across steps driven by a schedule', async () => {
    const optimizer = new SGD({
      learningRate: new CosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 3 }),
      momentum: 0.9,
    });
    const w = variable(tensor([1, 2, 3]));
    const g = fill([3], 0.5);
    await expectStableTensorCount(() => optimizer.applyGradients([[g, w]]), 10);
    optimizer.dispose();
    dispose([w, g]);
  });
});
