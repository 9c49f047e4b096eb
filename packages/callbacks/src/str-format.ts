/**
 * Python `str.format`-style templates (`'ckpt-{epoch:02d}-{val_loss:.2f}.lwm'`),
 * as Keras fills checkpoint paths, and Python's `str(float)` for numbers.
 */
import { ValueError } from '@layerwise/core';

/**
 * A number as Python's `str(float)` / `repr(float)` writes it: the shortest
 * round-trip digits (as JavaScript), `.0` on whole numbers, `nan`, `inf`,
 * `-inf`, and an exponent from 1e16 up and below 1e-4 (`1e-05`, `1e+16`).
 *
 * @example
 * ```ts
 * pyFloatStr(1);       // '1.0'
 * pyFloatStr(0.25);    // '0.25'
 * pyFloatStr(1e-5);    // '1e-05'
 * ```
 */
export function pyFloatStr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(value);
  if (abs >= 1e16 || abs < 1e-4) {
    // Shortest digits, Python's exponent style: at least two exponent digits, explicit sign.
    const [mantissa, exp] = value.toExponential().split('e') as [string, string];
    const sign = exp.startsWith('-') ? '-' : '+';
    const digits = exp.replace(/^[+-]/, '').padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  const text = String(value);
  return Number.isInteger(value) ? `${text}.0` : text;
}

/** A value a template can format: integers (`epoch`, `batch`) and floats (log values) differ only without a spec. */
export interface FormatValue {
  value: number;
  /** Formats like a Python `int` (no `.0`) when there is no spec. */
  integer?: boolean;
}

// [[fill]align][sign][#][0][width][grouping][.precision][type]
const SPEC_RE = /^(?:(.)?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([a-zA-Z%])?$/;

function group(intPart: string, sep: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

function nonFinite(value: number, upper: boolean): string {
  const text = Number.isNaN(value) ? 'nan' : 'inf';
  return upper ? text.toUpperCase() : text;
}

function expStr(abs: number, precision: number, upper: boolean): string {
  const [mantissa, exp] = abs.toExponential(precision).split('e') as [string, string];
  const sign = exp.startsWith('-') ? '-' : '+';
  const out = `${mantissa}e${sign}${exp.replace(/^[+-]/, '').padStart(2, '0')}`;
  return upper ? out.toUpperCase() : out;
}

/**
 * Formats one number with a Python format spec (the part after `:`): fill,
 * align, sign, zero padding, width, `,`/`_` grouping, precision, and the
 * types `d`, `f`/`F`, `e`/`E`, `%`, or none.
 *
 * @example
 * ```ts
 * formatNumber({ value: 3, integer: true }, '02d'); // '03'
 * formatNumber({ value: 0.12345 }, '.2f');           // '0.12'
 * formatNumber({ value: 0.00123 }, '.1e');           // '1.2e-03'
 * ```
 */
export function formatNumber(item: FormatValue, spec: string, name = 'value'): string {
  const m = SPEC_RE.exec(spec);
  if (m === null) throw new ValueError(`Invalid format spec '${spec}' for '${name}'.`);
  const [, fillChar, alignChar, signChar, , zero, widthText, grouping, precisionText, typeChar] = m;
  const { value } = item;
  const type = typeChar ?? '';
  const precision = precisionText === undefined ? undefined : Number(precisionText);
  const negative = value < 0 || Object.is(value, -0);
  const abs = Math.abs(value);
  let body: string;
  switch (type) {
    case 'd':
      if (!Number.isInteger(value)) {
        throw new ValueError(
          `Format code 'd' needs an integer, but '${name}' is ${value}. Use a float spec such as '{${name}:.4f}'.`,
        );
      }
      if (precision !== undefined) throw new ValueError(`Precision is not allowed with format code 'd' ('${spec}').`);
      body = String(abs);
      break;
    case 'f':
    case 'F':
      body = Number.isFinite(value) ? abs.toFixed(precision ?? 6) : nonFinite(value, type === 'F');
      break;
    case 'e':
    case 'E':
      body = Number.isFinite(value) ? expStr(abs, precision ?? 6, type === 'E') : nonFinite(value, type === 'E');
      break;
    case '%':
      body = Number.isFinite(value) ? `${(abs * 100).toFixed(precision ?? 6)}%` : `${nonFinite(value, false)}%`;
      break;
    case '':
      if (precision !== undefined) {
        throw new ValueError(
          `Format spec '${spec}' for '${name}': give a type with a precision, such as '.${precision}f'.`,
        );
      }
      body = item.integer === true && Number.isInteger(value) ? String(abs) : pyFloatStr(abs);
      break;
    default:
      throw new ValueError(
        `Unsupported format code '${type}' for '${name}' in '{${name}:${spec}}'. Supported: d, f, F, e, E, % or none.`,
      );
  }
  if (grouping !== undefined) {
    const dot = body.search(/[.e%]/);
    const intPart = dot < 0 ? body : body.slice(0, dot);
    if (/^\d+$/.test(intPart)) body = group(intPart, grouping) + (dot < 0 ? '' : body.slice(dot));
  }
  const sign = negative && !Number.isNaN(value) ? '-' : signChar === '+' ? '+' : signChar === ' ' ? ' ' : '';
  const width = widthText === undefined ? 0 : Number(widthText);
  const fill = fillChar ?? (zero !== undefined && alignChar === undefined ? '0' : ' ');
  const align = alignChar ?? (zero !== undefined ? '=' : '>');
  const padLength = Math.max(0, width - sign.length - body.length);
  const pad = fill.repeat(padLength);
  switch (align) {
    case '<':
      return sign + body + pad;
    case '^': {
      const left = fill.repeat(Math.floor(padLength / 2));
      return left + sign + body + fill.repeat(padLength - left.length);
    }
    case '=':
      return sign + pad + body;
    default:
      return pad + sign + body;
  }
}

/** The field names a template refers to, in order (each once). */
export function templateFields(template: string): string[] {
  const names: string[] = [];
  for (const part of parseTemplate(template)) {
    if (typeof part !== 'string' && !names.includes(part.name)) names.push(part.name);
  }
  return names;
}

type Part = string | { name: string; spec: string };

function parseTemplate(template: string): Part[] {
  const parts: Part[] = [];
  let literal = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch === '{' && template[i + 1] === '{') {
      literal += '{';
      i++;
    } else if (ch === '}' && template[i + 1] === '}') {
      literal += '}';
      i++;
    } else if (ch === '{') {
      const end = template.indexOf('}', i);
      if (end < 0) throw new ValueError(`Unmatched '{' in template '${template}'. Write '{{' for a literal brace.`);
      const field = template.slice(i + 1, end);
      const colon = field.indexOf(':');
      const name = colon < 0 ? field : field.slice(0, colon);
      if (name === '' || /[![\].]/.test(name)) {
        throw new ValueError(
          `Unsupported field '{${field}}' in template '${template}': use a named field such as '{epoch:02d}'.`,
        );
      }
      if (literal !== '') parts.push(literal);
      literal = '';
      parts.push({ name, spec: colon < 0 ? '' : field.slice(colon + 1) });
      i = end;
    } else if (ch === '}') {
      throw new ValueError(`Single '}' in template '${template}'. Write '}}' for a literal brace.`);
    } else {
      literal += ch;
    }
  }
  if (literal !== '') parts.push(literal);
  return parts;
}

/**
 * Fills a Python `str.format` template with named numbers, as
 * `template.format(**values)` does in Python. A field missing from `values`
 * throws a `ValueError` naming it and the names that are available.
 *
 * @example
 * ```ts
 * formatTemplate('ckpt-{epoch:02d}-{val_loss:.2f}.lwm', {
 *   epoch: { value: 3, integer: true },
 *   val_loss: { value: 0.4567 },
 * }); // 'ckpt-03-0.46.lwm'
 * ```
 */
export function formatTemplate(template: string, values: Record<string, FormatValue>): string {
  let out = '';
  for (const part of parseTemplate(template)) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const item = values[part.name];
    if (item === undefined) {
      throw new ValueError(
        `Failed to format the filepath '${template}': no value for '{${part.name}}'. Available: ` +
          `${Object.keys(values).join(', ') || '(none)'}.`,
      );
    }
    out += formatNumber(item, part.spec, part.name);
  }
  return out;
}
