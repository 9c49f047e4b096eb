/**
 * String identifiers. Keras spells them in snake_case
 * (`'sparse_categorical_crossentropy'`); TypeScript users write camelCase
 * (`'sparseCategoricalCrossentropy'`). Both resolve to the same entry.
 */
import { UnknownIdentifierError } from './errors.js';

/** `'sparse_categorical_crossentropy'` -> `'sparsecategoricalcrossentropy'`: the key both spellings share. */
export function identifierKey(name: string): string {
  return name.replace(/[_\-\s]/g, '').toLowerCase();
}

/** `'sparse_categorical_crossentropy'` -> `'sparseCategoricalCrossentropy'`. */
export function toCamelCase(name: string): string {
  return name.replace(/[_-]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `'sparseCategoricalCrossentropy'` -> `'sparse_categorical_crossentropy'`. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * A table of named entries of one kind (losses, optimizers, ...) that looks
 * names up in any spelling and lists the valid names when one is unknown.
 *
 * @example
 * ```ts
 * const losses = new IdentifierTable<LossFn>('loss');
 * losses.register('sparse_categorical_crossentropy', fn);
 * losses.get('sparseCategoricalCrossentropy'); // fn
 * losses.get('sparse_categorical_crossentropy'); // fn
 * ```
 */
export class IdentifierTable<T> {
  private readonly entries = new Map<string, { name: string; value: T }>();

  /** @param kind What the entries are, for error messages ("loss", "optimizer"). */
  constructor(readonly kind: string) {}

  /** Registers `value` under `name` (and its other spellings); a later registration replaces an earlier one. */
  register(name: string, value: T): void {
    this.entries.set(identifierKey(name), { name: toSnakeCase(name), value });
  }

  /** Whether `name` (in any spelling) is registered. */
  has(name: string): boolean {
    return this.entries.has(identifierKey(name));
  }

  /** The entry for `name`, or an {@link UnknownIdentifierError} listing the valid names. */
  get(name: string): T {
    const entry = this.entries.get(identifierKey(name));
    if (entry === undefined) {
      throw new UnknownIdentifierError(
        `Unknown ${this.kind} '${name}'. Expected one of: ${this.names().join(', ')} ` +
          '(snake_case or camelCase), or pass an object instead of a string.',
      );
    }
    return entry.value;
  }

  /** Registered names in snake_case, sorted. */
  names(): string[] {
    return [...new Set([...this.entries.values()].map((e) => e.name))].sort();
  }
}
