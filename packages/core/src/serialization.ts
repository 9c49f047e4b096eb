/**
 * The serialization registry. Every serializable class has `getConfig()` and
 * a static `fromConfig(config)`, and registers under its Keras class name
 * (`'Dense'`, `'Adam'`, `'ReduceLROnPlateau'`). A saved model stores
 * `{ className, config }` pairs; loading looks the class up here. User classes
 * register the same way.
 */
import { SerializationError } from './errors.js';
import { toCamelCase } from './identifiers.js';

/** A plain JSON value. */
export type ConfigValue = string | number | boolean | null | ConfigValue[] | { [key: string]: ConfigValue };

/** The config of a serializable object: JSON only. */
export type Config = { [key: string]: ConfigValue };

/** A serialized object: what `serialize` returns and `deserialize` accepts. */
export interface SerializedObject {
  /** The package family the class belongs to (`'losses'`, `'metrics'`...), as Keras's `module`. */
  module?: string;
  className: string;
  config: Config;
}

/** An object that can describe itself as a config. */
export interface Serializable {
  getConfig(): Config;
}

/** A class that can be rebuilt from its config. */
export interface SerializableClass<T extends Serializable = Serializable> {
  /** The class name it is registered and saved under (Keras's, for built-ins). */
  readonly className: string;
  /**
   * The family it belongs to (`'losses'`, `'metrics'`, `'optimizers'`...). Two
   * families may each have a class of the same name (Keras has a
   * `MeanSquaredError` loss and metric); the module tells them apart. Base
   * classes set it once and subclasses inherit it.
   */
  readonly module?: string;
  fromConfig(config: Config, customObjects?: CustomObjects): T;
}

/** Classes to use for names not in the registry (or to override it), as Keras's `custom_objects`. */
export type CustomObjects = Record<string, SerializableClass>;

/** Registered classes by `module>className` (or bare `className` without a module). */
const registry = new Map<string, SerializableClass>();

function registryKey(className: string, module: string | undefined): string {
  return module ? `${module}>${className}` : className;
}

/** Every registered class with this class name, in any module. */
function byClassName(className: string): SerializableClass[] {
  return [...registry.entries()]
    .filter(([key]) => key === className || key.endsWith(`>${className}`))
    .map(([, cls]) => cls);
}

/**
 * Registers a class for deserialization under `cls.className` (or `name`).
 * Returns the class, so it can wrap a declaration.
 *
 * @example
 * ```ts
 * class Scale implements Serializable {
 *   static readonly className = 'Scale';
 *   constructor(readonly factor: number) {}
 *   getConfig() { return { factor: this.factor }; }
 *   static fromConfig(config: Config) { return new Scale(config.factor as number); }
 * }
 * registerSerializable(Scale);
 * ```
 */
export function registerSerializable<C extends SerializableClass>(cls: C, name?: string): C {
  const key = name ?? cls.className;
  if (typeof key !== 'string' || key.length === 0) {
    throw new SerializationError(
      'registerSerializable: the class has no static className. Add `static readonly className = "MyClass"` or pass a name.',
    );
  }
  if (typeof cls.fromConfig !== 'function') {
    throw new SerializationError(`registerSerializable: class '${key}' has no static fromConfig(config). Add one.`);
  }
  registry.set(registryKey(key, cls.module), cls);
  return cls;
}

/**
 * The class registered under `className` (in `module`, when given), or
 * undefined. Without a module, a name registered in several modules is
 * ambiguous: a {@link SerializationError} says which modules to choose from.
 */
export function getRegisteredClass(className: string, module?: string): SerializableClass | undefined {
  if (module) return registry.get(registryKey(className, module));
  const found = byClassName(className);
  if (found.length > 1) {
    throw new SerializationError(
      `Class name '${className}' is registered in several modules (${found.map((c) => c.module ?? '(none)').join(', ')}). ` +
        'Give the module: { module, className, config }.',
    );
  }
  return found[0];
}

/** Every registered class as `module>className` (or `className`), sorted. */
export function registeredClassNames(): string[] {
  return [...registry.keys()].sort();
}

/**
 * `{ className, config }` for an object whose class is registered (or has a
 * static `className`).
 */
export function serialize(obj: Serializable): SerializedObject {
  const cls = obj.constructor as Partial<SerializableClass>;
  const className = cls.className;
  if (typeof className !== 'string') {
    throw new SerializationError(
      `serialize: ${obj.constructor.name} has no static className. Add \`static readonly className\` and register it with registerSerializable.`,
    );
  }
  const module = cls.module;
  return module ? { module, className, config: obj.getConfig() } : { className, config: obj.getConfig() };
}

/**
 * Rebuilds an object from `{ className, config }`, looking the class up in
 * `customObjects` first, then in the registry.
 */
export function deserialize<T extends Serializable = Serializable>(
  serialized: SerializedObject,
  customObjects: CustomObjects = {},
): T {
  if (serialized === null || typeof serialized !== 'object' || typeof serialized.className !== 'string') {
    throw new SerializationError(
      `deserialize: expected { className: string, config: object }, got ${JSON.stringify(serialized)}.`,
    );
  }
  const cls = customObjects[serialized.className] ?? getRegisteredClass(serialized.className, serialized.module);
  if (cls === undefined) {
    throw new SerializationError(
      `deserialize: unknown class '${serialized.className}'${serialized.module ? ` in module '${serialized.module}'` : ''}. Register it with registerSerializable(${serialized.className}) ` +
        `or pass it in customObjects. Registered: ${registeredClassNames().join(', ') || '(none)'}.`,
    );
  }
  return cls.fromConfig(serialized.config ?? {}, customObjects) as T;
}

/**
 * Reads a config (camelCase or Keras's snake_case keys) into constructor
 * options, refusing keys the class does not know, so a typo in a saved file
 * fails loudly instead of being ignored.
 *
 * @example
 * ```ts
 * readConfig('Dense', { units: 4, use_bias: false }, ['units', 'useBias']); // { units: 4, useBias: false }
 * ```
 */
export function readConfig(className: string, config: Config, allowed: readonly string[]): Record<string, unknown> {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new SerializationError(`${className}.fromConfig: expected a config object, got ${JSON.stringify(config)}.`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const k = toCamelCase(key);
    if (!allowed.includes(k)) {
      throw new SerializationError(
        `${className}.fromConfig: unknown config key '${key}'. Expected some of: ${allowed.join(', ')}.`,
      );
    }
    out[k] = value;
  }
  return out;
}
