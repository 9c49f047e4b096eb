import { Add, Dense, Input, resetLayerNames } from '@layerwise/layers';
import * as T from '@layerwise/tensors';
import { beforeEach, describe, expect, it } from 'vitest';
import { Model } from './model.js';
import { Sequential } from './sequential.js';
import { formatShape } from './summary.js';

beforeEach(() => resetLayerNames());

describe('summary', () => {
  it('prints the Keras 3 table for a Sequential model (76 columns without a terminal)', () => {
    const model = new Sequential([
      new Dense({ units: 64, activation: 'relu', inputShape: [4] }),
      new Dense({ units: 3, activation: 'softmax' }),
    ]);
    const lines: string[] = [];
    const text = model.summary({ printFn: (t) => lines.push(t), lineLength: 76 });
    expect(lines).toEqual([text]);
    // Reference: the table Keras 3 prints for this model at 80 columns: keras/src/utils/summary_utils.py
    // splits 76 columns at [0.45, 0.80, 1.0], and rich takes the padding and borders off every column evenly.
    expect(text).toBe(
      [
        'Model: "sequential"',
        '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓',
        '┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃',
        '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩',
        '│ dense (Dense)                   │ (None, 64)             │           320 │',
        '├─────────────────────────────────┼────────────────────────┼───────────────┤',
        '│ dense_1 (Dense)                 │ (None, 3)              │           195 │',
        '└─────────────────────────────────┴────────────────────────┴───────────────┘',
        ' Total params: 515 (2.01 KB)',
        ' Trainable params: 515 (2.01 KB)',
        ' Non-trainable params: 0 (0.00 B)',
      ].join('\n'),
    );
    model.dispose();
  });

  it('adds a Connected to column for graphs that are not a chain, and optimizer params once trained', async () => {
    const a = Input({ shape: [2], name: 'a' });
    const b = Input({ shape: [2], name: 'b' });
    const sum = new Add({ name: 'sum' }).apply([a, b]);
    const out = new Dense({ units: 1, name: 'out' }).apply(sum);
    const model = new Model({ inputs: [a, b], outputs: out, name: 'merge' });
    const text = model.summary({ print: false, lineLength: 108 });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Model: "merge"');
    expect(lines[2]).toMatch(/^┃ Layer \(type\) +┃ Output Shape +┃ +Param # ┃ Connected to +┃$/);
    expect(lines.every((l, i) => i === 0 || !l.startsWith('┃') || l.length === 108)).toBe(true);
    expect(text).toMatch(/│ sum \(Add\) +│ \(None, 2\) +│ +0 │ a\[0\]\[0\], b\[0\]\[0\] +│/);
    expect(text).toMatch(/│ out \(Dense\) +│ \(None, 1\) +│ +3 │ sum\[0\]\[0\] +│/);
    expect(text).toMatch(/│ a \(InputLayer\) +│ \(None, 2\) +│ +0 │ - +│/);
    expect(text).not.toMatch(/Optimizer params/);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = T.ones([4, 2]);
    await model.fit([x, x], T.ones([4, 1]), { verbose: 0 });
    const trained = model.summary({ print: false });
    // SGD without momentum keeps the iteration count and the learning rate.
    expect(trained).toMatch(/ Optimizer params: 2 \(8\.00 B\)/);
    expect(trained).toMatch(/ Total params: 5 \(20\.00 B\)/);
    x.dispose();
    model.dispose();
  });

  it('shows ? for layers of a subclassed model that have not run, and wraps long cells', () => {
    class Sub extends Model {
      d = new Dense({ units: 2, name: 'a_rather_long_layer_name_that_will_wrap' });
      override call(x: T.Tensor) {
        return this.d.apply(x);
      }
    }
    const text = new Sub().summary({ print: false, lineLength: 60 });
    expect(text).toContain('│ ?');
    expect(text).toContain('(unbuilt)');
    expect(text.split('\n').filter((l) => l.startsWith('│')).length).toBeGreaterThan(1);
  });

  it('formats shapes as Keras does', () => {
    expect(formatShape([null, 3])).toBe('(None, 3)');
    expect(formatShape([null])).toBe('(None)');
    expect(formatShape([])).toBe('()');
  });
});
