import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isSupportedBusinessDate, parseSupportedInstant, SUPPORTED_DATES } from '@opc/kernel';

/**
 * A real calendar date 'YYYY-MM-DD' inside the supported range (2027-02-30 and 9999-12-31 are
 * refused), read as an Asia/Shanghai business date.
 */
export const IsBusinessDate =
  (options?: ValidationOptions) =>
  (target: object, propertyName: string): void =>
    registerDecorator({
      name: 'isBusinessDate',
      target: target.constructor,
      propertyName,
      options: {
        message: `${propertyName} must be a calendar date YYYY-MM-DD between ${SUPPORTED_DATES.from} and ${SUPPORTED_DATES.to}`,
        ...options,
      },
      validator: { validate: (value: unknown) => isSupportedBusinessDate(value) },
    });

/**
 * An instant as every part of the API takes one: ISO-8601 with a zone ('2027-01-04T09:00:00+08:00',
 * '…Z'), or a bare date (the end of that day, Asia/Shanghai). The one parser behind it is the
 * kernel's parseInstant, so what passes here is exactly what the command pipeline reads —
 * '20270105' or '2027-W01-1' (valid ISO-8601, but not our form) are refused here, not crashed on later.
 */
export const IsInstant =
  (options?: ValidationOptions) =>
  (target: object, propertyName: string): void =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName,
      options: {
        message: `${propertyName} must be an ISO-8601 instant with a zone (e.g. 2027-01-04T09:00:00+08:00) or a date YYYY-MM-DD, between ${SUPPORTED_DATES.from} and ${SUPPORTED_DATES.to}`,
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && parseSupportedInstant(value) !== null },
    });
