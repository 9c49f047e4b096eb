/**
 * Number and time formatting for the progress bar, written to print exactly
 * what keras/src/utils/progbar.py prints with Python's `%.4f`, `%.4e`, `%.0f`
 * and `%d`.
 */

/**
 * Python's `f"{x:.{digits}f}"`: like `toFixed`, but an exact tie rounds to
 * even (`2.5` -> `'2'`, `0.03125` -> `'0.0312'`) where JavaScript rounds away
 * from zero, non-finite values print as `nan`/`inf`/`-inf`, and values of
 * 1e21 and above print in full rather than in exponent form. Exact for
 * `digits` up to 10.
 */
export function formatFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Math.abs(x) >= 1e21) return BigInt(x).toString() + (digits > 0 ? `.${'0'.repeat(digits)}` : '');
  const rounded = x.toFixed(digits);
  // A tie has an exact decimal expansion ending in the 5 just after `digits`;
  // 30 more digits tell a tie from a near-tie for every double near a tie at <= 10 digits.
  const extra = 30;
  const long = x.toFixed(digits + extra);
  const tail = long.slice(long.length - extra);
  if (tail !== `5${'0'.repeat(extra - 1)}`) return rounded;
  const truncated = long.slice(0, long.length - extra - (digits === 0 ? 1 : 0));
  const lastDigit = truncated.charCodeAt(truncated.length - 1) - 48;
  return lastDigit % 2 === 0 ? truncated : rounded;
}

/** Python's `f"{x:.{digits}e}"`: `1.2340e-04` (at least two exponent digits), `nan`, `inf`, `-0.0000e+00`. */
export function formatExponential(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const s = (Object.is(x, -0) ? '-' : '') + x.toExponential(digits);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/**
 * A log value as the progress bar shows it: `%.4f`, or `%.4e` when its
 * magnitude is at most 1e-3 (zero and NaN included), as Keras's `Progbar`.
 */
export function formatLogValue(value: unknown): string {
  if (typeof value !== 'number') return String(value);
  return Math.abs(value) > 1e-3 ? formatFixed(value, 4) : formatExponential(value, 4);
}

/**
 * Time per step as Keras's `Progbar._format_time`: ` 1s/step` (from 1 s, or
 * exactly 0), ` 20ms/step` (from 1 ms), ` 350us/step` (below), each rounded
 * to a whole number.
 */
export function formatStepTime(ms: number, unit = 'step'): string {
  if (ms >= 1000 || ms === 0) return ` ${formatFixed(ms / 1000, 0)}s/${unit}`;
  if (ms >= 1) return ` ${formatFixed(ms, 0)}ms/${unit}`;
  return ` ${formatFixed(ms * 1000, 0)}us/${unit}`;
}

/** The estimated time left as Keras prints it: `h:mm:ss` above an hour, `m:ss` above a minute, else `12s`. */
export function formatEta(seconds: number): string {
  const trunc = (v: number) => String(Math.trunc(v) || 0);
  const pad2 = (v: number) => trunc(v).padStart(2, '0');
  if (seconds > 3600) {
    return `${trunc(Math.floor(seconds / 3600))}:${pad2(Math.floor((seconds % 3600) / 60))}:${pad2(seconds % 60)}`;
  }
  if (seconds > 60) return `${trunc(Math.floor(seconds / 60))}:${pad2(seconds % 60)}`;
  return `${trunc(seconds)}s`;
}
