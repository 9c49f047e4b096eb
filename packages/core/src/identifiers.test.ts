import { describe, expect, it } from 'vitest';
import { IdentifierTable, identifierKey, toCamelCase, toSnakeCase, UnknownIdentifierError } from './index.js';

describe('identifiers', () => {
  it('converts between snake_case and camelCase', () => {
    expect(toCamelCase('sparse_categorical_crossentropy')).toBe('sparseCategoricalCrossentropy');
    expect(toSnakeCase('sparseCategoricalCrossentropy')).toBe('sparse_categorical_crossentropy');
    expect(toSnakeCase('topKCategoricalAccuracy')).toBe('top_k_categorical_accuracy');
    expect(identifierKey('F1_Score')).toBe(identifierKey('f1Score'));
  });

  it('a table resolves either spelling and lists valid names for unknown ones', () => {
    const table = new IdentifierTable<number>('loss');
    table.register('sparse_categorical_crossentropy', 1);
    table.register('meanSquaredError', 2);
    expect(table.get('sparseCategoricalCrossentropy')).toBe(1);
    expect(table.get('mean_squared_error')).toBe(2);
    expect(table.has('MeanSquaredError')).toBe(true);
    expect(() => table.get('hinge_loss')).toThrow(UnknownIdentifierError);
    expect(() => table.get('hinge_loss')).toThrow(
      "Unknown loss 'hinge_loss'. Expected one of: mean_squared_error, sparse_categorical_crossentropy",
    );
  });
});
