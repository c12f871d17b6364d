/**
 * A rule-set document as data (M-RULE-1): how a partial revision is merged onto the latest
 * version, and the default check that the result still has the shape of the shipped version.
 * Pure: no I/O, no Nest, no platform service.
 */

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/** Sets an own key even when it is "__proto__" (a plain assignment would change the prototype instead). */
const define = (target: Record<string, unknown>, key: string, value: unknown): void => {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
};

/** A deep copy of JSON data: never shares (possibly frozen) objects with its source. */
export function copyJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyJson) as T;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) define(out, key, copyJson(value[key]));
    return out as T;
  }
  return value;
}

/**
 * `patch` merged onto `base`: objects merge key by key; arrays and scalars (null included)
 * replace; a key whose value is `undefined` is left out. Answers a new object; neither input is
 * changed.
 */
export function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return copyJson(patch);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(base)) define(out, key, copyJson(base[key]));
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === undefined) continue;
    define(out, key, hasOwn(base, key) ? deepMerge(base[key], value) : copyJson(value));
  }
  return out;
}

/**
 * A key is shown back only when it looks like a field name or an array index (as the validation
 * pipe does): a key is caller input, and a caller may put an identity number in one.
 */
const SHOWABLE = /^(?:[A-Za-z_$][\w$]{0,63}|\d{1,5})$/;
const shown = (key: string): string => (SHOWABLE.test(key) && !/\d{6}/.test(key) ? key : '(an unknown key)');

type JsonKind = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean' | 'other';
const kindOf = (value: unknown): JsonKind => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'object':
      return 'object';
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'other';
  }
};
const A_KIND: Record<JsonKind, string> = {
  null: 'null',
  array: 'an array',
  object: 'an object',
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  other: 'a JSON value',
};

/** Problems listed at most; a document with more answers the first ones and says there are more. */
const MAX_PROBLEMS = 50;

/**
 * The shape of the shipped document, inferred from its values: per node, the JSON types seen
 * there. An object lists its keys (required when every sample has it); an array, the shape of
 * its elements, the union of the shapes of all the shipped elements (so elements of one array may
 * differ in which optional keys they carry); a number, whether every sample is an integer.
 */
interface Shape {
  kinds: Map<JsonKind, Node>;
}
type Node =
  | { kind: 'null' | 'string' | 'boolean' | 'other' }
  | { kind: 'number'; integer: boolean }
  | { kind: 'array'; element: Shape | null }
  | { kind: 'object'; keys: Map<string, { shape: Shape; required: boolean }> };

const shapeOf = (value: unknown): Shape => {
  const kind = kindOf(value);
  let node: Node;
  if (kind === 'number') node = { kind, integer: Number.isInteger(value) };
  else if (kind === 'array') {
    const elements = (value as unknown[]).map(shapeOf);
    node = { kind, element: elements.length > 0 ? elements.reduce(union) : null };
  } else if (kind === 'object') {
    const o = value as Record<string, unknown>;
    node = { kind, keys: new Map(Object.keys(o).map((k) => [k, { shape: shapeOf(o[k]), required: true }])) };
  } else node = { kind };
  return { kinds: new Map([[kind, node]]) };
};

const union = (a: Shape, b: Shape): Shape => {
  const kinds = new Map(a.kinds);
  for (const [kind, nb] of b.kinds) {
    const na = kinds.get(kind);
    if (!na) kinds.set(kind, nb);
    else if (na.kind === 'number' && nb.kind === 'number') kinds.set(kind, { kind: 'number', integer: na.integer && nb.integer });
    else if (na.kind === 'array' && nb.kind === 'array')
      kinds.set(kind, {
        kind: 'array',
        element: na.element && nb.element ? union(na.element, nb.element) : (na.element ?? nb.element),
      });
    else if (na.kind === 'object' && nb.kind === 'object') {
      const keys = new Map<string, { shape: Shape; required: boolean }>();
      for (const [k, ka] of na.keys) {
        const kb = nb.keys.get(k);
        keys.set(k, kb ? { shape: union(ka.shape, kb.shape), required: ka.required && kb.required } : { ...ka, required: false });
      }
      for (const [k, kb] of nb.keys) if (!na.keys.has(k)) keys.set(k, { ...kb, required: false });
      kinds.set(kind, { kind: 'object', keys });
    }
  }
  return { kinds };
};

const expected = (shape: Shape): string =>
  [...shape.kinds.values()].map((n) => (n.kind === 'number' && n.integer ? 'an integer' : A_KIND[n.kind])).join(' or ');

/** Inferred once per reference document (the shipped versions are constants). */
const shapes = new WeakMap<object, Shape>();
const shapeOfReference = (reference: unknown): Shape => {
  if (reference === null || typeof reference !== 'object') return shapeOf(reference);
  let shape = shapes.get(reference);
  if (!shape) shapes.set(reference, (shape = shapeOf(reference)));
  return shape;
};

/**
 * Where `candidate` differs in shape from `reference` (the shipped version), as paths under
 * `root` with what is wrong, never with the value found:
 * - every key of the reference is present, with the same JSON type; no other key;
 * - a number is finite, and an integer where the reference holds integers;
 * - an array's elements have the shape of the reference array's elements (their union: a key
 *   only some of them carry is optional); an empty reference array says nothing about its
 *   elements, they are not checked;
 * - `null` in the reference carries no type: only null matches it.
 * The reference always passes its own check.
 */
export function shapeErrors(reference: unknown, candidate: unknown, root = 'document'): string[] {
  const out: string[] = [];
  let more = 0;
  const report = (problem: string) => {
    if (out.length < MAX_PROBLEMS) out.push(problem);
    else more++;
  };
  const check = (shape: Shape, value: unknown, path: string): void => {
    const node = shape.kinds.get(kindOf(value));
    if (!node) return report(`${path}: must be ${expected(shape)}`);
    if (node.kind === 'number') {
      if (!Number.isFinite(value)) return report(`${path}: must be a finite number`);
      if (node.integer && !Number.isInteger(value)) return report(`${path}: must be an integer`);
    } else if (node.kind === 'object') {
      const v = value as Record<string, unknown>;
      for (const [key, { shape: inner, required }] of node.keys) {
        if (hasOwn(v, key) && v[key] !== undefined) check(inner, v[key], `${path}.${key}`);
        else if (required) report(`${path}.${key}: missing`);
      }
      for (const key of Object.keys(v)) if (!node.keys.has(key)) report(`${path}.${shown(key)}: unknown key`);
    } else if (node.kind === 'array' && node.element) {
      const element = node.element;
      (value as unknown[]).forEach((e, i) => check(element, e, `${path}[${i}]`));
    }
  };
  check(shapeOfReference(reference), candidate, root);
  if (more > 0) out.push(`… and ${more} more`);
  return out;
}
