import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import { businessDateOf, CLOCK, endOfBusinessDay, type BusinessDate, type Clock, type RecordedEvent } from '@opc/kernel';
import { COMMUNITIES_PROJECTION } from '@opc/evaluation/communities/communities.projection';
import { APPEALS_PROJECTION } from '@opc/membership/appeals/appeals.projection';
import { MEMBERS_PROJECTION } from '@opc/membership/members/member.projection';
import { REQUESTS_PROJECTION } from '@opc/membership/requests/requests.projection';
import { REWARDS_PROJECTION } from '@opc/membership/rewards/rewards.projection';
import type { ScoringScheme } from '@opc/membership/rules/scoring-scheme';
import { SCORING } from '@opc/membership/scoring/scoring.service';
import { DEADLINES_PROJECTION, Projections, RuleSets, type Projection, type ProjectionTx } from '@opc/platform';
import type { Doc } from '@opc/readstore';
import { summarize, type Summary, type SummaryInput } from './summary';

/** The read models the summary is computed from: projection name → its collection. */
const SOURCES = {
  members: [MEMBERS_PROJECTION, 'members'],
  deadlines: [DEADLINES_PROJECTION, 'deadlines'],
  rewards: [REWARDS_PROJECTION, 'rewards'],
  appeals: [APPEALS_PROJECTION, 'appeals'],
  requests: [REQUESTS_PROJECTION, 'requests'],
  communities: [COMMUNITIES_PROJECTION, 'communities'],
} as const;
type Source = keyof typeof SOURCES;
const NAMES: string[] = Object.values(SOURCES).map(([name]) => name);

export type DashboardSummary = Summary & {
  asOf: { date: BusinessDate; recordedBy: string; eventsFolded: number } | null;
  /** The last event folded into these figures (live: the lowest checkpoint of the read models used). */
  position: number;
};

const BATCH = 5_000;
const PAST_CACHE = 64;

/**
 * `GET /dashboard/summary`: live, from the read models as projected; as of a past date, from the
 * same projections folded in memory over the events recorded by the end of that day (the same
 * `summarize`, so both agree by construction). A past date's answer never changes: it is cached.
 */
@Injectable()
export class Dashboard {
  private readonly past = new Map<BusinessDate, DashboardSummary>();
  private live: { key: string; summary: DashboardSummary } | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly projections: Projections,
    private readonly ruleSets: RuleSets,
  ) {}

  private async scoreBands(date: BusinessDate): Promise<number[]> {
    return [...(await this.ruleSets.history<ScoringScheme>(SCORING)).inForceOn(date).statsBands];
  }

  async current(minPosition?: number): Promise<DashboardSummary> {
    await this.projections.waitFor(minPosition, NAMES);
    const now = this.clock.now();
    const date = businessDateOf(now);
    const health = await this.projections.health();
    const position = Math.min(...health.filter((h) => NAMES.includes(h.name)).map((h) => h.position));
    // Consoles poll: the same figures within the minute while nothing new was projected.
    const key = `${Math.floor(now.getTime() / 60_000)}|${health.map((h) => h.position).join(',')}`;
    if (this.live?.key === key) return this.live.summary;
    const docs = Object.fromEntries(
      await Promise.all(
        (Object.keys(SOURCES) as Source[]).map(async (source) => {
          const [name, collection] = SOURCES[source];
          return [source, await this.projections.reader(name, collection).find({})] as const;
        }),
      ),
    ) as unknown as Pick<SummaryInput, Source>;
    const summary = {
      ...summarize({ ...docs, date, now: now.toISOString(), scoreBands: await this.scoreBands(date) }),
      asOf: null,
      position,
    };
    this.live = { key, summary };
    return summary;
  }

  /** As the dashboard stood at the end of `date`: every figure from the events recorded by then. */
  async asOf(date: BusinessDate): Promise<DashboardSummary> {
    const cached = this.past.get(date);
    if (cached) return cached;
    const recordedBy = endOfBusinessDay(date).toISOString();
    const memory = new InMemoryFold((Object.keys(SOURCES) as Source[]).map((s) => this.projections.definition(SOURCES[s][0])));
    let after = 0;
    let folded = 0;
    let position = 0;
    for (;;) {
      const page = await this.events.readAll({ afterPosition: after, maxCount: BATCH });
      if (page.length === 0) break;
      for (const event of page) {
        if (event.metadata.recordedAt > recordedBy) continue;
        await memory.apply(event);
        folded += 1;
        position = event.position;
      }
      after = page[page.length - 1].position;
      // The log is in recorded order: once a whole page lies after the moment, nothing later can be before it.
      if (page[0].metadata.recordedAt > recordedBy) break;
    }
    const docs = Object.fromEntries(
      (Object.keys(SOURCES) as Source[]).map((s) => [s, memory.docs(SOURCES[s][0], SOURCES[s][1])]),
    ) as unknown as Pick<SummaryInput, Source>;
    const summary: DashboardSummary = {
      ...summarize({ ...docs, date, now: recordedBy, scoreBands: await this.scoreBands(date) }),
      asOf: { date, recordedBy, eventsFolded: folded },
      position,
    };
    // Only days already over are final.
    if (date < businessDateOf(this.clock.now())) {
      if (this.past.size >= PAST_CACHE) this.past.delete(this.past.keys().next().value!);
      this.past.set(date, summary);
    }
    return summary;
  }
}

/** Projections folded into plain maps: their `apply` is pure, so this is the live fold without a store. */
class InMemoryFold {
  private readonly stores = new Map<string, Map<string, Doc>>();

  constructor(private readonly projections: Projection[]) {}

  private collection(projection: string, collection: string): Map<string, Doc> {
    const key = `${projection}.${collection}`;
    let store = this.stores.get(key);
    if (!store) this.stores.set(key, (store = new Map()));
    return store;
  }

  async apply(event: RecordedEvent): Promise<void> {
    for (const projection of this.projections) {
      if (projection.eventTypes && !projection.eventTypes.includes(event.type)) continue;
      const tx: ProjectionTx = {
        get: async <T extends Doc>(collection: string, id: string) =>
          (this.collection(projection.name, collection).get(id) as T | undefined) ?? null,
        put: (collection, doc) => void this.collection(projection.name, collection).set(String(doc._id), doc),
        delete: (collection, id) => void this.collection(projection.name, collection).delete(id),
      };
      await projection.apply(event, tx);
    }
  }

  docs(projection: string, collection: string): Doc[] {
    return [...this.collection(projection, collection).values()];
  }
}
