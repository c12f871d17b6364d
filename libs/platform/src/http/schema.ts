import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/**
 * Small builders for the OpenAPI schemas of read models (replies that are not DTO classes), so a
 * response schema reads like the document it describes.
 */
export type Schema = SchemaObject;

export const str = (description?: string, extra: Schema = {}): Schema => ({
  type: 'string',
  ...(description ? { description } : {}),
  ...extra,
});
export const int = (description?: string): Schema => ({ type: 'integer', ...(description ? { description } : {}) });
export const bool = (description?: string): Schema => ({ type: 'boolean', ...(description ? { description } : {}) });
export const date = (description?: string): Schema => str(description, { format: 'date', example: '2027-01-04' });
export const instant = (description?: string): Schema => str(description, { format: 'date-time' });
export const fen = (description?: string): Schema => ({
  type: 'integer',
  minimum: 0,
  description: `${description ?? 'amount'} in fen`,
});
export const oneOf = (values: readonly string[], description?: string): Schema => str(description, { enum: [...values] });
export const nullable = (schema: Schema): Schema => ({ ...schema, nullable: true });
export const arr = (items: Schema, description?: string): Schema => ({
  type: 'array',
  items,
  ...(description ? { description } : {}),
});
export const obj = (properties: Record<string, Schema>, description?: string): Schema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  ...(description ? { description } : {}),
});
/** The same object schema with these keys not required (present only sometimes). */
export const optional = (schema: Schema, ...keys: string[]): Schema => ({
  ...schema,
  required: (schema.required ?? []).filter((k) => !keys.includes(k)),
});
/** An object whose keys are not fixed (event data, rule-set documents). */
export const anyObject = (description?: string): Schema => ({
  type: 'object',
  additionalProperties: true,
  ...(description ? { description } : {}),
});

/** A page of a list: `items`, `total`, `page`, `pageSize`, `pages`. */
export const page = (item: Schema): Schema =>
  obj({ items: arr(item), total: int(), page: int('from 1'), pageSize: int(), pages: int() });

export const ruleSetRef = obj({ id: str(), version: int() }, 'the rule-set version in force at the moment read');

/** The envelope every recorded event carries. */
export const eventEntry = obj({
  revision: int('from 0 in its stream'),
  position: int('global position'),
  type: str('stable, versioned name, e.g. MembershipApplied.v1'),
  data: anyObject('the fact, with its reasons'),
  metadata: obj({
    eventId: str(),
    commandId: str(),
    correlationId: str(),
    causationId: str(),
    actor: obj({ id: str(), role: str() }),
    occurredAt: instant('business time of the fact'),
    recordedAt: instant('when the system learned it'),
    ruleSet: ruleSetRef,
  }),
});
