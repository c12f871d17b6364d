import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError } from '@opc/kernel';

const flatten = (errors: ValidationError[], parent = ''): string[] =>
  errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) =>
      m.startsWith(e.property) ? `${parent ? parent + '.' : ''}${m}` : `${path}: ${m}`,
    );
    return [...own, ...flatten(e.children ?? [], path)];
  });

/**
 * Every input validated (ARCHITECTURE.md "Security"): unknown fields refused, types checked,
 * no implicit conversion of bodies. Messages name fields, never echo values (a subject's ID
 * number must not come back in an error).
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
