/**
 * String identifiers for optimizers (`'adam'`, `'rmsprop'`, `'sgd'`, ...) and
 * `getOptimizer`, which turns an identifier, a config or an instance into an
 * optimizer, as Keras's `keras.optimizers.get`.
 */
import {
  type Config,
  type CustomObjects,
  getRegisteredClass,
  IdentifierTable,
  type SerializableClass,
  type SerializedObject,
  ValueError,
} from '@layerwise/core';
import { Adadelta } from './adadelta.js';
import { Adafactor } from './adafactor.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { Adamax } from './adamax.js';
import { AdamW } from './adamw.js';
import { Ftrl } from './ftrl.js';
import { Lamb } from './lamb.js';
import { Lion } from './lion.js';
import { Nadam } from './nadam.js';
import { Optimizer } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

interface IdentifierEntry {
  cls: SerializableClass<Optimizer>;
  config: Config;
}

const identifiers = new IdentifierTable<IdentifierEntry>('optimizer');

/**
 * Registers a string identifier for {@link getOptimizer}: `name` (in any
 * spelling) builds `cls.fromConfig({ ...config, ...given })`. A later
 * registration of the same name replaces the earlier one.
 *
 * @example
 * ```ts
 * registerOptimizer('nesterov', SGD, { momentum: 0.9, nesterov: true });
 * getOptimizer('nesterov'); // SGD with Nesterov momentum
 * ```
 */
export function registerOptimizer(name: string, cls: SerializableClass<Optimizer>, config: Config = {}): void {
  identifiers.register(name, { cls, config });
}

registerOptimizer('sgd', SGD);
registerOptimizer('adam', Adam);
registerOptimizer('adamw', AdamW);
registerOptimizer('adamax', Adamax);
registerOptimizer('nadam', Nadam);
registerOptimizer('rmsprop', RMSprop);
registerOptimizer('adagrad', Adagrad);
registerOptimizer('adadelta', Adadelta);
registerOptimizer('ftrl', Ftrl);
registerOptimizer('lion', Lion);
registerOptimizer('lamb', Lamb);
registerOptimizer('adafactor', Adafactor);
registerOptimizer('momentum', SGD, { momentum: 0.9 });

/**
 * The registered optimizer identifiers, in snake_case, sorted.
 *
 * @example
 * ```ts
 * optimizerIdentifiers(); // ['adam', 'adamax', 'adamw', 'momentum', 'nadam', 'rmsprop', 'sgd']
 * ```
 */
export function optimizerIdentifiers(): string[] {
  return identifiers.names();
}

/**
 * What {@link getOptimizer} accepts: an identifier (`'adam'`, `'sgd'`,
 * `'rmsprop'`, `'momentum'`, in snake_case or camelCase), a serialized optimizer
 * (`{ className, config }`, or Keras's `{ class_name, config }`), or an
 * optimizer instance.
 *
 * @example
 * ```ts
 * const id: OptimizerIdentifier = { className: 'Adam', config: { learningRate: 3e-4 } };
 * ```
 */
export type OptimizerIdentifier = string | SerializedObject | { class_name: string; config?: Config } | Optimizer;

/**
 * An optimizer from an identifier, a config, or an instance (returned
 * unchanged), as Keras's `keras.optimizers.get`. A config's class is looked
 * up in `customObjects`, then the serialization registry, then the
 * identifiers (so `{ className: 'adam' }` works).
 *
 * @throws UnknownIdentifierError for a name nothing is registered under; the message lists the valid names.
 * @example
 * ```ts
 * getOptimizer('adam');                                             // new Adam()
 * getOptimizer('momentum');                                         // new SGD({ momentum: 0.9 })
 * getOptimizer('RMSprop');                                          // new RMSprop()
 * getOptimizer({ className: 'SGD', config: { learningRate: 0.1 } }); // new SGD({ learningRate: 0.1 })
 * ```
 */
export function getOptimizer(identifier: OptimizerIdentifier, customObjects: CustomObjects = {}): Optimizer {
  if (identifier instanceof Optimizer) return identifier;
  if (typeof identifier === 'string') {
    const entry = identifiers.get(identifier);
    return checked(entry.cls.fromConfig({ ...entry.config }, customObjects), identifier);
  }
  if (typeof identifier === 'object' && identifier !== null) {
    const o = identifier as { className?: unknown; class_name?: unknown; config?: unknown };
    const className = o.className ?? o.class_name;
    if (typeof className === 'string') {
      const config = (o.config ?? {}) as Config;
      const cls = customObjects[className] ?? getRegisteredClass(className);
      if (cls !== undefined) return checked(cls.fromConfig(config, customObjects), identifier);
      const entry = identifiers.get(className);
      return checked(entry.cls.fromConfig({ ...entry.config, ...config }, customObjects), identifier);
    }
  }
  throw new ValueError(
    `getOptimizer: could not interpret optimizer identifier ${describeIdentifier(identifier)}. ` +
      `Expected a name (${identifiers.names().join(', ')}), a { className, config } object, or an Optimizer.`,
  );
}

function checked(obj: unknown, identifier: unknown): Optimizer {
  if (obj instanceof Optimizer) return obj;
  throw new ValueError(
    `getOptimizer: ${describeIdentifier(identifier)} resolved to something that is not an Optimizer. ` +
      'Register optimizer classes only.',
  );
}

function describeIdentifier(identifier: unknown): string {
  try {
    return JSON.stringify(identifier) ?? String(identifier);
  } catch {
    return String(identifier);
  }
}
