// The progress bar's number formatting against Python's f-strings (the values
// below were printed by CPython 3.11 with the expressions keras/src/utils/progbar.py uses).
import { describe, expect, it } from 'vitest';
import { formatEta, formatExponential, formatFixed, formatLogValue, formatStepTime } from './progbar-format.js';
import { consoleLineWriter } from './progbar-logger.js';

describe('formatLogValue (Keras: %.4f, or %.4e when abs(v) <= 1e-3)', () => {
  const cases: Array<[number, string]> = [
    [Math.LN2, '0.6931'],
    [0.5, '0.5000'],
    [0.00012345, '1.2345e-04'],
    [0.03125, '0.0312'], // exact tie: to even
    [0.96875, '0.9688'], // exact tie: to even
    [1, '1.0000'],
    [0, '0.0000e+00'],
    [-0, '-0.0000e+00'],
    [Number.NaN, 'nan'],
    [Number.POSITIVE_INFINITY, 'inf'],
    [Number.NEGATIVE_INFINITY, '-inf'],
    [-0.5, '-0.5000'],
    [-0.0005, '-5.0000e-04'],
    [1234.56785, '1234.5678'], // just below the tie in binary
    [1e22, '10000000000000000000000.0000'],
    [0.001, '1.0000e-03'],
    [0.0010000001, '0.0010'],
    [-2.5e-7, '-2.5000e-07'],
    [123456.789, '123456.7890'],
  ];
  it.each(cases)('%s -> %s', (value, expected) => {
    expect(formatLogValue(value)).toBe(expected);
  });

  it('prints non-numbers as strings', () => {
    expect(formatLogValue('n/a')).toBe('n/a');
  });
});

describe('formatFixed (Python %.Nf)', () => {
  const cases: Array<[number, number, string]> = [
    [0.5, 0, '0'],
    [1.5, 0, '2'],
    [2.5, 0, '2'],
    [3.5, 0, '4'],
    [-2.5, 0, '-2'],
    [-0.5, 0, '-0'],
    [0.4999999999999999, 0, '0'],
    [13.333333, 0, '13'],
    [66.5, 0, '66'],
    [1e21, 0, '1000000000000000000000'],
    [1e21, 2, '1000000000000000000000.00'],
    [2.675, 2, '2.67'],
    [0.5, 2, '0.50'],
  ];
  it.each(cases)('%s with %i digits -> %s', (value, digits, expected) => {
    expect(formatFixed(value, digits)).toBe(expected);
  });

  it('formatExponential pads the exponent to two digits', () => {
    expect(formatExponential(123, 4)).toBe('1.2300e+02');
    expect(formatExponential(1.5e-120, 2)).toBe('1.50e-120');
  });
});

describe('formatStepTime (Keras _format_time)', () => {
  const cases: Array<[number, string]> = [
    [0, ' 0s/step'],
    [1000, ' 1s/step'],
    [1500, ' 2s/step'],
    [2500, ' 2s/step'],
    [999.4, ' 999ms/step'],
    [20.4, ' 20ms/step'],
    [1, ' 1ms/step'],
    [0.9994, ' 999us/step'],
    [0.35, ' 350us/step'],
  ];
  it.each(cases)('%s ms -> %s', (ms, expected) => {
    expect(formatStepTime(ms)).toBe(expected);
  });
});

describe('formatEta', () => {
  const cases: Array<[number, string]> = [
    [0.12, '0s'],
    [59.9, '59s'],
    [60.5, '1:00'],
    [75.3, '1:15'],
    [3599, '59:59'],
    [3600.5, '1:00:00'],
    [3725.9, '1:02:05'],
    [90061, '25:01:01'],
    [-1.5, '-1s'],
    [-0.5, '0s'],
  ];
  it.each(cases)('%s s -> %s', (seconds, expected) => {
    expect(formatEta(seconds)).toBe(expected);
  });
});

describe('consoleLineWriter', () => {
  it('logs complete lines only, keeping what follows the last \\r', () => {
    const lines: string[] = [];
    const write = consoleLineWriter((line) => lines.push(line));
    write('Epoch 1/2\n');
    write('\r1/4 first');
    write('\r2/4 second');
    expect(lines).toEqual(['Epoch 1/2']);
    write('\r4/4 done\nEpoch 2/2\nhalf');
    expect(lines).toEqual(['Epoch 1/2', '4/4 done', 'Epoch 2/2']);
    write(' line\n');
    expect(lines).toEqual(['Epoch 1/2', '4/4 done', 'Epoch 2/2', 'half line']);
  });
});
