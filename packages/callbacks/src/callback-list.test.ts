// CallbackList: hooks in order, async hooks awaited one at a time, no promise when none is needed.
import type { CallbackLike, Logs, ModelLike, RunParams } from '@layerwise/core';
import { describe, expect, it } from 'vitest';
import { Callback } from './callback.js';
import { CallbackList } from './callback-list.js';
import { History } from './history.js';
import { ProgbarLogger } from './progbar-logger.js';

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function fakeModel(): ModelLike {
  return { name: 'm', stopTraining: false, getWeights: () => [], setWeights: () => {} };
}

/** Records `name:hook:arg` for every hook it gets. */
class Recorder extends Callback {
  constructor(
    private readonly name: string,
    private readonly events: string[],
    private readonly delayMs?: number,
  ) {
    super();
  }
  private record(hook: string, arg: unknown): void | Promise<void> {
    if (this.delayMs === undefined) {
      this.events.push(`${this.name}:${hook}:${arg}`);
      return;
    }
    this.events.push(`${this.name}:${hook}:${arg}:start`);
    return delay(this.delayMs).then(() => {
      this.events.push(`${this.name}:${hook}:${arg}:end`);
    });
  }
  override onTrainBegin() {
    return this.record('trainBegin', '');
  }
  override onEpochEnd(epoch: number) {
    return this.record('epochEnd', epoch);
  }
  override onTrainBatchEnd(batch: number) {
    return this.record('batchEnd', batch);
  }
  override onPredictEnd() {
    return this.record('predictEnd', '');
  }
}

describe('CallbackList', () => {
  it('calls every hook on every callback, in order, with the same arguments', async () => {
    const calls: string[] = [];
    const hooks = [
      'onTrainBegin',
      'onTrainEnd',
      'onEpochBegin',
      'onEpochEnd',
      'onTrainBatchBegin',
      'onTrainBatchEnd',
      'onTestBegin',
      'onTestEnd',
      'onTestBatchBegin',
      'onTestBatchEnd',
      'onPredictBegin',
      'onPredictEnd',
      'onPredictBatchBegin',
      'onPredictBatchEnd',
    ] as const;
    const logs: Logs = { loss: 1 };
    const make = (name: string): CallbackLike => {
      const cb: Record<string, unknown> = {};
      for (const hook of hooks) {
        cb[hook] = (...args: unknown[]) => {
          calls.push(`${name}.${hook}(${args.map((a) => (a === logs ? 'logs' : String(a))).join(',')})`);
        };
      }
      return cb as CallbackLike;
    };
    const list = new CallbackList([make('a'), make('b')]);
    const expected: string[] = [];
    for (const hook of hooks) {
      const withIndex = !/Train(Begin|End)$|Test(Begin|End)$|Predict(Begin|End)$/.test(hook);
      const result = withIndex
        ? (list[hook] as (i: number, l: Logs) => unknown)(3, logs)
        : (list[hook] as (l: Logs) => unknown)(logs);
      expect(result).toBeUndefined();
      const args = withIndex ? '3,logs' : 'logs';
      expected.push(`a.${hook}(${args})`, `b.${hook}(${args})`);
    }
    expect(calls).toEqual(expected);
  });

  it('returns undefined, not a promise, when no callback returns one', () => {
    const events: string[] = [];
    const list = new CallbackList([new Recorder('a', events), new Recorder('b', events), new Callback()]);
    expect(list.onTrainBatchEnd(0, { loss: 1 })).toBeUndefined();
    expect(list.onEpochEnd(0, { loss: 1 })).toBeUndefined();
    expect(events).toEqual(['a:batchEnd:0', 'b:batchEnd:0', 'a:epochEnd:0', 'b:epochEnd:0']);
    expect(new CallbackList().onTrainBegin()).toBeUndefined();
  });

  it('awaits an async hook before calling the next callback', async () => {
    const events: string[] = [];
    const list = new CallbackList([
      new Recorder('slow', events, 30),
      new Recorder('sync', events),
      new Recorder('fast', events, 1),
      new Recorder('last', events),
    ]);
    const result = list.onEpochEnd(4);
    expect(result).toBeInstanceOf(Promise);
    // Nothing after the slow callback runs before its promise settles.
    expect(events).toEqual(['slow:epochEnd:4:start']);
    await delay(5);
    expect(events).toEqual(['slow:epochEnd:4:start']);
    await result;
    expect(events).toEqual([
      'slow:epochEnd:4:start',
      'slow:epochEnd:4:end',
      'sync:epochEnd:4',
      'fast:epochEnd:4:start',
      'fast:epochEnd:4:end',
      'last:epochEnd:4',
    ]);
  });

  it('calls the callbacks before an async one synchronously', async () => {
    const events: string[] = [];
    const list = new CallbackList([new Recorder('a', events), new Recorder('b', events, 5), new Recorder('c', events)]);
    const result = list.onTrainBatchEnd(7);
    expect(events).toEqual(['a:batchEnd:7', 'b:batchEnd:7:start']);
    await result;
    expect(events).toEqual(['a:batchEnd:7', 'b:batchEnd:7:start', 'b:batchEnd:7:end', 'c:batchEnd:7']);
  });

  it('stops at a callback that throws or rejects, and passes the error on', async () => {
    const events: string[] = [];
    const throwing: CallbackLike = {
      onTrainBegin() {
        throw new Error('sync failure');
      },
    };
    const list = new CallbackList([new Recorder('a', events), throwing, new Recorder('c', events)]);
    expect(() => list.onTrainBegin()).toThrow('sync failure');
    expect(events).toEqual(['a:trainBegin:']);

    const rejecting: CallbackLike = {
      async onPredictEnd() {
        await delay(1);
        throw new Error('async failure');
      },
    };
    const list2 = new CallbackList([rejecting, new Recorder('c', events)]);
    await expect(list2.onPredictEnd()).rejects.toThrow('async failure');
    expect(events).toEqual(['a:trainBegin:']);
  });

  it('awaits thenables that are not native promises', async () => {
    const events: string[] = [];
    const thenable: CallbackLike = {
      onTrainBegin() {
        return {
          // biome-ignore lint/suspicious/noThenProperty: a thenable on purpose
          then(resolve: () => void) {
            setTimeout(() => {
              events.push('thenable');
              resolve();
            }, 2);
          },
        } as unknown as Promise<void>;
      },
    };
    await new CallbackList([thenable, new Recorder('b', events)]).onTrainBegin();
    expect(events).toEqual(['thenable', 'b:trainBegin:']);
  });

  it('passes logs through without reading them', () => {
    let reads = 0;
    const logs = {} as Logs;
    Object.defineProperty(logs, 'loss', {
      enumerable: true,
      get() {
        reads++;
        return 1;
      },
    });
    let seen: Logs | undefined;
    const list = new CallbackList([
      {
        onTrainBatchEnd(_b: number, l?: Logs) {
          seen = l;
        },
      },
    ]);
    list.onTrainBatchEnd(0, logs);
    expect(seen).toBe(logs);
    expect(reads).toBe(0);
  });

  it('gives the model and params to every callback, including ones appended later', () => {
    const model = fakeModel();
    const params: RunParams = { epochs: 3, steps: 10, verbose: 0 };
    const a = new Callback();
    const plain: CallbackLike = {};
    const list = new CallbackList([a, plain], { model, params });
    expect(a.model).toBe(model);
    expect(a.params).toBe(params);
    expect(list.model).toBe(model);
    expect(list.params).toBe(params);

    const b = new Callback();
    list.append(b);
    expect(list.callbacks).toEqual([a, plain, b]);
    expect(b.model).toBe(model);
    expect(b.params).toBe(params);

    const model2 = fakeModel();
    list.setModel(model2);
    list.setParams({ verbose: 1 });
    expect([a.model, b.model]).toEqual([model2, model2]);
    expect(a.params).toEqual({ verbose: 1 });

    const c = new Callback();
    new CallbackList().append(c);
    expect(c.model).toBeNull();
    expect(c.params).toBeNull();
  });

  it('adds a History and a ProgbarLogger unless already present, as Keras does', () => {
    const user = new Callback();
    const list = new CallbackList([user], { addHistory: true, addProgbar: true });
    expect(list.callbacks).toHaveLength(3);
    expect(list.callbacks[0]).toBe(user);
    expect(list.history).toBeInstanceOf(History);
    expect(list.callbacks[1]).toBe(list.history);
    expect(list.progbar).toBeInstanceOf(ProgbarLogger);
    expect(list.callbacks[2]).toBe(list.progbar);

    const history = new History();
    const progbar = new ProgbarLogger({ write: () => {} });
    const own = new CallbackList([progbar, history], { addHistory: true, addProgbar: true });
    expect(own.callbacks).toEqual([progbar, history]);
    expect(own.history).toBe(history);
    expect(own.progbar).toBe(progbar);

    const none = new CallbackList([user]);
    expect(none.history).toBeNull();
    expect(none.progbar).toBeNull();
  });
});
