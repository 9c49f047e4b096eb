// CSVLogger: one row per epoch, Keras's columns and number formatting.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LayerwiseError, type Logs } from '@layerwise/core';
import { memory } from '@layerwise/tensors';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallbackList } from './callback-list.js';
import { CSVLogger } from './csv-logger.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lw-csv-'));
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await rm(dir, { recursive: true, force: true });
});

async function fakeFit(cb: CSVLogger, epochLogs: Logs[], check?: (epoch: number) => Promise<void>): Promise<void> {
  const list = new CallbackList([cb]);
  await list.onTrainBegin();
  for (const [epoch, logs] of epochLogs.entries()) {
    await list.onEpochBegin(epoch);
    await list.onEpochEnd(epoch, logs);
    await check?.(epoch);
  }
  await list.onTrainEnd(epochLogs.at(-1));
}

const rows = (text: string) => text.split('\r\n');

describe('CSVLogger', () => {
  it('writes epoch then the sorted log keys, one row as each epoch ends', async () => {
    const file = join(dir, 'log.csv');
    const before = memory().numTensors;
    const logs = [
      { loss: 0.5, accuracy: 0.75, val_loss: 0.625, val_accuracy: 0.7 },
      { loss: 0.25, accuracy: 1, val_loss: 0.1 + 0.2, val_accuracy: 1e-5 },
    ];
    const seen: string[][] = [];
    await fakeFit(new CSVLogger(file), logs, async () => {
      seen.push(rows(await readFile(file, 'utf8')));
    });
    // Each row is on disk when its epoch ends.
    expect(seen[0]).toHaveLength(3);
    const text = await readFile(file, 'utf8');
    expect(rows(text)).toEqual([
      'epoch,accuracy,loss,val_accuracy,val_loss',
      '0,0.75,0.5,0.7,0.625',
      '1,1.0,0.25,1e-05,0.30000000000000004',
      '',
    ]);
    // The numbers read back equal the logs passed.
    const [header, ...data] = rows(text)
      .slice(0, -1)
      .map((r) => r.split(','));
    for (const [i, row] of data.entries()) {
      const back = Object.fromEntries(header!.slice(1).map((k, j) => [k, Number(row[j + 1])]));
      expect(back).toEqual(logs[i]);
      expect(Number(row[0])).toBe(i);
    }
    expect(memory().numTensors).toBe(before);
  });

  it('adds val_ columns (NA) when the first epoch has none, as Keras, and quotes fields with the separator', async () => {
    const file = join(dir, 'log.csv');
    await fakeFit(new CSVLogger(file, { separator: ';' }), [
      { loss: 0.5, 'a;b': 2 },
      { loss: 0.25, val_loss: 0.5 },
    ]);
    expect(rows(await readFile(file, 'utf8'))).toEqual([
      'epoch;"a;b";loss;"val_a;b";val_loss',
      '0;2.0;0.5;NA;NA',
      '1;NA;0.25;NA;0.5',
      '',
    ]);
  });

  it('overwrites by default and appends without a second header with append', async () => {
    const file = join(dir, 'log.csv');
    await writeFile(file, 'old contents\r\n');
    await fakeFit(new CSVLogger(file), [{ loss: 1 }]);
    expect(rows(await readFile(file, 'utf8'))).toEqual(['epoch,loss,val_loss', '0,1.0,NA', '']);

    const logger = new CSVLogger(file, { append: true });
    await fakeFit(logger, [{ loss: 0.5 }, { loss: 0.25 }]);
    expect(rows(await readFile(file, 'utf8'))).toEqual([
      'epoch,loss,val_loss',
      '0,1.0,NA',
      '0,0.5,NA',
      '1,0.25,NA',
      '',
    ]);

    // Appending to an empty or missing file writes the header.
    const fresh = join(dir, 'fresh.csv');
    await fakeFit(new CSVLogger(fresh, { append: true }), [{ loss: 2 }]);
    expect(rows(await readFile(fresh, 'utf8'))).toEqual(['epoch,loss,val_loss', '0,2.0,NA', '']);
  });

  it('starts a new file (and header) at each training run without append', async () => {
    const file = join(dir, 'log.csv');
    const logger = new CSVLogger(file);
    await fakeFit(logger, [{ loss: 1 }]);
    await fakeFit(logger, [{ loss: 0.5, acc: 0.5 }]);
    expect(rows(await readFile(file, 'utf8'))).toEqual(['epoch,acc,loss,val_acc,val_loss', '0,0.5,0.5,NA,NA', '']);
  });

  it('says it needs a file system where there is no Node', () => {
    vi.stubGlobal('process', { versions: {} });
    let error: unknown;
    try {
      new CSVLogger('log.csv');
    } catch (e) {
      error = e;
    }
    vi.unstubAllGlobals();
    expect(error).toBeInstanceOf(LayerwiseError);
    expect((error as Error).message).toMatch(/needs a file system, which only Node\.js has/);
  });
});
