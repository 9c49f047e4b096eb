import { describe, expect, it } from 'vitest';
import {
  type Config,
  deserialize,
  getRegisteredClass,
  registerSerializable,
  SerializationError,
  serialize,
} from './index.js';

class Scale {
  static readonly className = 'TestScale';
  constructor(readonly factor: number) {}
  getConfig(): Config {
    return { factor: this.factor };
  }
  static fromConfig(config: Config): Scale {
    return new Scale(config.factor as number);
  }
}

class Unregistered {
  static readonly className = 'TestUnregistered';
  getConfig(): Config {
    return {};
  }
  static fromConfig(): Unregistered {
    return new Unregistered();
  }
}

describe('serialization registry', () => {
  it('round-trips a registered class through JSON', () => {
    registerSerializable(Scale);
    expect(getRegisteredClass('TestScale')).toBe(Scale);
    const json = JSON.stringify(serialize(new Scale(2.5)));
    expect(JSON.parse(json)).toEqual({ className: 'TestScale', config: { factor: 2.5 } });
    const back = deserialize<Scale>(JSON.parse(json));
    expect(back).toBeInstanceOf(Scale);
    expect(back.factor).toBe(2.5);
  });

  it('customObjects resolve names the registry does not know', () => {
    const obj = deserialize<Unregistered>(
      { className: 'TestUnregistered', config: {} },
      { TestUnregistered: Unregistered },
    );
    expect(obj).toBeInstanceOf(Unregistered);
  });

  it('an unknown class is a SerializationError that says how to register it', () => {
    expect(() => deserialize({ className: 'Nope', config: {} })).toThrow(SerializationError);
    expect(() => deserialize({ className: 'Nope', config: {} })).toThrow(/unknown class 'Nope'.*registerSerializable/);
    expect(() => deserialize({ config: {} } as never)).toThrow(/expected \{ className: string/);
  });

  it('registration requires a class name and fromConfig', () => {
    expect(() => registerSerializable({ fromConfig: () => ({}) } as never)).toThrow(/no static className/);
    expect(() => registerSerializable({ className: 'X' } as never)).toThrow(/no static fromConfig/);
    expect(() => serialize({ getConfig: () => ({}) })).toThrow(/no static className/);
  });
});

describe('modules keep same-named classes apart', () => {
  class LossMse {
    static readonly className = 'TestMse';
    static readonly module: string = 'losses';
    getConfig(): Config {
      return { kind: 'loss' };
    }
    static fromConfig(): LossMse {
      return new LossMse();
    }
  }
  class MetricMse {
    static readonly className = 'TestMse';
    static readonly module: string = 'metrics';
    getConfig(): Config {
      return { kind: 'metric' };
    }
    static fromConfig(): MetricMse {
      return new MetricMse();
    }
  }

  it('registers both, serializes the module, and resolves each', () => {
    registerSerializable(LossMse);
    registerSerializable(MetricMse);
    const s = serialize(new MetricMse());
    expect(s).toEqual({ module: 'metrics', className: 'TestMse', config: { kind: 'metric' } });
    expect(deserialize(s)).toBeInstanceOf(MetricMse);
    expect(deserialize(serialize(new LossMse()))).toBeInstanceOf(LossMse);
    expect(getRegisteredClass('TestMse', 'losses')).toBe(LossMse);
  });

  it('a bare name registered in two modules is ambiguous', () => {
    expect(() => deserialize({ className: 'TestMse', config: {} })).toThrow(/several modules \(losses, metrics\)/);
  });
});
