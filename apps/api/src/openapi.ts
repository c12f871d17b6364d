import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { completeOpenApi, Deadlines, Projections, RuleSets } from '@opc/platform';

/** The OpenAPI document of the running app, completed with roles, Idempotency-Key, problem responses and live enums. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('OPC community backend')
      .setDescription(
        'Event-sourced operations for OPC communities: admission, member lifecycle and community evaluation.\n\n' +
          '- Errors are `application/problem+json` with a stable `code` (see each operation and docs/errors.md).\n' +
          '- Commands answer `{ id, streamId, revision, position }`; pass `position` as `?minPosition=` to a read to see your write.\n' +
          '- Commands accept `occurredAt` (business time of the fact) and an `Idempotency-Key` header.\n' +
          '- Single-resource reads accept `asOf`, `asOfOccurred` or `atRevision`.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  return completeOpenApi(document, {
    parameters: {
      // Path and query parameters whose values only the running system knows.
      name: (path) => (path.startsWith('/admin/rulesets/') ? app.get(RuleSets).names() : app.get(Projections).names()),
      kind: app.get(Deadlines).kinds(),
    },
  });
}

/**
 * JSON at /docs-json always; the UI at /docs when OPENAPI_UI allows it (on in development, off in
 * production). Built on first request, once every module has registered its projections and deadlines.
 */
export function serveOpenApi(app: INestApplication, options: { ui: boolean }): void {
  let document: OpenAPIObject | null = null;
  SwaggerModule.setup('docs', app, () => (document ??= openApiDocument(app)), {
    jsonDocumentUrl: 'docs-json',
    swaggerUiEnabled: options.ui,
  });
}
