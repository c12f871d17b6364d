import type { RecordedEvent } from '@opc/kernel';
import type { Doc } from '@opc/readstore';

/**
 * What a projection sees while it folds a batch: reads see the batch's own earlier writes.
 * Writes are whole documents keyed by `_id` (replace or delete), which keeps every projection
 * expressible as MongoDB upserts.
 */
export interface ProjectionTx {
  get<T extends Doc>(collection: string, id: string): Promise<T | null>;
  /**
   * The document as the batch already holds it (read or written by one of its earlier events),
   * null if the batch holds it absent or deleted, undefined if it would take a read (use `get`).
   * It lets a projection fold an event without awaiting, as most events of a rebuild's page can.
   * Offered by the runner; an in-memory fold may leave it out. Treat what it gives as read-only.
   */
  peek?<T extends Doc>(collection: string, id: string): T | null | undefined;
  put(collection: string, doc: Doc): void;
  delete(collection: string, id: string): void;
}

/**
 * A read model (docs/architecture.md "Read side"): a name, a version, and a pure mapping from an
 * event to document writes. Its collections are logical names; the runner stores them per
 * generation so a rebuild can run beside the live one.
 */
export interface Projection {
  name: string;
  version: number;
  collections: readonly string[];
  /** Event types it folds; others are skipped without a call. Omit for all. */
  eventTypes?: readonly string[];
  apply(event: RecordedEvent, tx: ProjectionTx): Promise<void> | void;
}

/** The registry document kept per projection in `_projections`. */
export interface ProjectionRecord extends Doc {
  _id: string;
  version: number;
  generation: number;
  /** Last global position folded into the active generation. */
  checkpoint: number;
  /** A rebuild under way beside the active generation. */
  rebuild: { generation: number; checkpoint: number; startedAt: string } | null;
}

export const REGISTRY_COLLECTION = '_projections';

/** Physical collection of a projection's logical collection in one generation. */
export const physicalCollection = (projection: string, logical: string, generation: number): string =>
  `${projection}.${logical}.g${generation}`;
