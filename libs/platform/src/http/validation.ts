import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError } from '@opc/kernel';

/**
 * A property name is shown back only when it looks like a field name or an array index: a key is
 * part of the body, and a body may carry an identity number as a key.
 */
const SHOWABLE = /^(?:[A-Za-z_$][\w$]{0,63}|\d{1,5})$/;
const shown = (property: string): string =>
  SHOWABLE.test(property) && !/\d{6}/.test(property) ? property : '(an unknown property)';

const flatten = (errors: ValidationError[], parent = ''): string[] =>
  errors.flatMap((e) => {
    const name = shown(e.property);
    const path = parent ? `${parent}.${name}` : name;
    const own = Object.values(e.constraints ?? {}).map((raw) => {
      const m = name === e.property ? raw : raw.split(e.property).join(name);
      return m.startsWith(name) ? `${parent ? parent + '.' : ''}${m}` : `${path}: ${m}`;
    });
    return [...own, ...flatten(e.children ?? [], path)];
  });

/**
 * Every input validated: unknown fields refused, types checked, no implicit conversion of bodies.
 * Messages name fields, never echo values (a subject's ID number must not come back in an error).
 */
export const validationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new DomainError('VALIDATION_FAILED', flatten(errors).join('; ') || 'the request is not valid', {
        errors: flatten(errors),
      }),
  });
