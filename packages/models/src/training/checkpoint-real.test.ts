// ModelCheckpoint and CSVLogger on real fits: checkpoints under the right names with the best model,
// loadable; CSV rows equal to the History.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CSVLogger, ModelCheckpoint } from '@layerwise/callbacks';
import { Dense, resetLayerNames } from '@layerwise/layers';
import { setSeed, type Tensor } from '@layerwise/tensors';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadModel } from '../save-model.js';
import { Sequential } from '../sequential.js';

const dir = mkdtempSync(join(tmpdir(), 'layerwise-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  resetLayerNames();
  setSeed(9);
});

const X = Array.from({ length: 40 }, (_, i) => [i / 40, ((i * 13) % 40) / 40]);
const Y = X.map(([a, b]) => [a - 2 * b + 1]);
const values = (ts: Tensor[]) => ts.map((t) => Array.from(t.dataSync()));

function model(lr: number): Sequential {
  const m = new Sequential([new Dense({ units: 1, inputShape: [2] })]);
  m.compile({ optimizer: { className: 'SGD', config: { learningRate: lr } }, loss: 'mse', metrics: ['mae'] });
  return m;
}

describe('ModelCheckpoint and CSVLogger on a real fit', () => {
  it('saves every epoch under the templated names; best-only keeps the best model, which loads', async () => {
    const m = model(0.5);
    const every = join(dir, 'all', 'ckpt-{epoch:02d}-{val_loss:.4f}.lwm');
    const best = join(dir, 'best.lwm');
    let bestWeights: number[][] = [];
    let bestLoss = Number.POSITIVE_INFINITY;
    const history = await m.fit(X, Y, {
      epochs: 4,
      batchSize: 8,
      shuffle: false,
      verbose: 0,
      validationSplit: 0.25,
      callbacks: [
        new ModelCheckpoint(every),
        new ModelCheckpoint(best, { monitor: 'val_loss', saveBestOnly: true }),
        {
          onEpochEnd: (_epoch: number, logs?: Record<string, number>) => {
            if ((logs?.val_loss ?? Number.POSITIVE_INFINITY) < bestLoss) {
              bestLoss = logs?.val_loss as number;
              bestWeights = values(m.getWeights());
            }
          },
        },
      ],
    });
    const expected = history.history.val_loss.map(
      (v, i) => `ckpt-${String(i + 1).padStart(2, '0')}-${v.toFixed(4)}.lwm`,
    );
    expect(readdirSync(join(dir, 'all')).sort()).toEqual(expected.sort());
    const restored = await loadModel(best);
    expect(values(restored.getWeights())).toEqual(bestWeights);
    restored.dispose();
    m.dispose();
  });

  it('writes one CSV row per epoch, equal to the History', async () => {
    const m = model(0.2);
    const csv = join(dir, 'log.csv');
    const history = await m.fit(X, Y, {
      epochs: 3,
      batchSize: 10,
      verbose: 0,
      validationSplit: 0.25,
      callbacks: [new CSVLogger(csv)],
    });
    const [header, ...rows] = readFileSync(csv, 'utf8').trim().split(/\r?\n/);
    const columns = header.split(',');
    expect(columns[0]).toBe('epoch');
    expect(columns.slice(1)).toEqual(Object.keys(history.history).sort());
    expect(rows).toHaveLength(3);
    for (const [epoch, row] of rows.entries()) {
      const cells = row.split(',');
      expect(Number(cells[0])).toBe(epoch);
      for (const [j, key] of columns.slice(1).entries()) {
        expect(Number(cells[j + 1])).toBeCloseTo(history.history[key][epoch], 6);
      }
    }
    m.dispose();
  });
});
