import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isBusinessDate } from '@opc/kernel';

/** A real calendar date 'YYYY-MM-DD' (2027-02-30 is refused), read as an Asia/Shanghai business date. */
export const IsBusinessDate =
  (options?: ValidationOptions) =>
  (target: object, propertyName: string): void =>
    registerDecorator({
      name: 'isBusinessDate',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a calendar date YYYY-MM-DD`, ...options },
      validator: { validate: (value: unknown) => isBusinessDate(value) },
    });
