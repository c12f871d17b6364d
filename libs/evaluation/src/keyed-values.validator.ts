import { registerDecorator, type ValidationOptions } from 'class-validator';
import { CONDITION_ID, ITEM_ID } from './rules/catalogue';
import { pointsToHundredths } from './rules/points';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/**
 * An object whose keys have a given form and whose values pass a check, with at most `max` keys.
 * Its keys are ids the catalogue knows (checked by the decider); here only their form.
 */
const keyedValues =
  (name: string, key: RegExp, value: (v: unknown) => boolean, max: number, message: string) =>
  (options?: ValidationOptions) =>
  (target: object, propertyName: string): void =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} ${message}`, ...options },
      validator: {
        validate: (v: unknown) =>
          isPlainObject(v) &&
          Object.keys(v).length <= max &&
          Object.entries(v).every(([k, x]) => key.test(k) && k.length <= 64 && value(x)),
      },
    });

/** `{ legalPerson: true, … }`: camelCase condition ids with booleans (C-BASIC-1). */
export const IsConditionFlags = keyedValues(
  'isConditionFlags',
  CONDITION_ID,
  (v) => typeof v === 'boolean',
  50,
  'must be an object of at most 50 conditions, each a camelCase id with true or false',
);

/** `{ 'order-conversion-amount': 2.5, … }`: item ids with points from 0, two decimals at most (C-SCORE-1). */
export const IsPointsByItem = keyedValues(
  'isPointsByItem',
  ITEM_ID,
  (v) => {
    const h = pointsToHundredths(v);
    return h !== null && h <= 200 * 100;
  },
  200,
  'must be an object of at most 200 items, each an id (lower-case words joined by dashes) with points from 0, two decimals at most',
);
