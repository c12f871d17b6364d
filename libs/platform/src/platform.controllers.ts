import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBooleanString, IsOptional, IsString, MaxLength } from 'class-validator';
import { CLOCK, DomainError, ManualClock, parseInstant, type Clock } from '@opc/kernel';
import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import { PLATFORM_CONFIG, type PlatformConfig } from './config';
import { MemberScoped, Public, READERS, Roles } from './auth/roles';
import { ReadScope } from './auth/jwt.guard';
import { Deadlines } from './deadlines/deadlines.service';
import { Projections } from './projections/projections.service';
import { LeaseKeeper } from './leases/leases';
import { Processes } from './processes/processes.service';
import { saveManualClock } from './time/manual-clock-file';
import { READ_STORE, type ReadStore } from '@opc/readstore';
import { Problems } from './http/openapi';
import { IsInstant } from './http/validators';
import { anyObject, arr, bool, date, instant, int, nullable, obj, oneOf, optional, str } from './http/schema';

const HEALTH_SCHEMA = obj({
  status: oneOf(['ok', 'degraded'], 'degraded: a projection or process manager stopped on an error'),
  eventStore: obj({ kind: oneOf(['embedded', 'eventstoredb']), headPosition: int() }),
  readStore: obj({ kind: oneOf(['embedded', 'mongodb']) }),
  clock: oneOf(['system', 'manual']),
  projections: arr(
    obj({
      name: str(),
      version: int(),
      generation: int(),
      position: int('last global position folded'),
      lag: int('events behind the head'),
      rebuilding: nullable(obj({ generation: int(), position: int() })),
      error: nullable(str()),
    }),
  ),
  processes: arr(obj({ name: str(), position: int(), lag: int(), refused: int(), error: nullable(str()) })),
  leases: arr(
    obj({
      name: str('projection:<name>, process:<name> or scheduler'),
      holder: nullable(str('host:pid:nonce of the process holding it')),
      token: int('fencing token: raised at each takeover'),
      expiresAt: instant(),
      live: bool('held and not expired'),
      here: bool('held by the process answering'),
    }),
    'who runs what, across projector processes',
  ),
});
const DEADLINES_SCHEMA = obj({
  items: arr(
    optional(
      obj({
        id: str('stable: the scheduler derives its command id from it'),
        kind: str(),
        rule: str('the rule that sets it'),
        streamId: str(),
        memberId: str('the member it concerns, when it concerns one (absent otherwise)'),
        dueDate: date(),
        dueAt: instant('overdue after this instant, or when its action runs'),
        provisional: bool('counted past the holiday data: may move'),
        action: nullable(obj({ command: str(), payload: anyObject() })),
        openedAt: instant(),
        overdue: bool(),
      }),
      'memberId',
    ),
  ),
  total: int(),
});
const CLOCK_SCHEMA = obj({ now: instant(), mode: oneOf(['system', 'manual']) });
const PROJECTIONS_SCHEMA = obj({
  headPosition: int('the head of the event store'),
  items: arr(
    obj({
      name: str(),
      version: int('the projection version the live generation was built by'),
      generation: int('the live generation, which serves reads'),
      checkpoint: int('last global position folded into the live generation'),
      lag: int('positions behind the head'),
      rebuilding: nullable(
        obj(
          {
            generation: int('the generation being built beside the live one'),
            done: int('position folded so far (on the embedded store, events)'),
            total: int('the head it is heading for; at the head it takes over'),
            ratePerSecond: nullable(int('over the last seconds; the average since it started when another process runs it')),
            etaSeconds: nullable(int()),
            startedAt: instant(),
          },
          'a rebuild under way',
        ),
      ),
      error: nullable(str('why the live fold stopped, or why the last rebuild failed')),
    }),
  ),
});

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly docs: ReadStore,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly projections: Projections,
    private readonly processes: Processes,
    private readonly leases: LeaseKeeper,
  ) {}

  @Get('health')
  @Public()
  @ApiOperation({ summary: 'Liveness, stores, and each projection with its lag in events' })
  @ApiOkResponse({ schema: HEALTH_SCHEMA })
  async health() {
    const head = await this.events.headPosition();
    await this.docs.count('_projections');
    const projections = await this.projections.health();
    const processes = await this.processes.health();
    return {
      // A projection or process manager that stopped on an error serves stale reads or misses effects: say so.
      status: [...projections, ...processes].some((p) => p.error !== null) ? 'degraded' : 'ok',
      eventStore: { kind: this.config.eventStoreUrl ? 'eventstoredb' : 'embedded', headPosition: head },
      readStore: { kind: this.config.mongodbUrl ? 'mongodb' : 'embedded' },
      clock: this.config.clock,
      projections,
      processes,
      leases: (await this.leases.list()).map(({ _id, holder, token, expiresAt, live, here }) => ({
        name: _id,
        holder,
        token,
        expiresAt,
        live,
        here,
      })),
    };
  }
}

class DeadlinesQuery {
  @ApiPropertyOptional({
    description: 'only deadlines due at or before this instant (a bare date: end of that day, Asia/Shanghai)',
  })
  @IsOptional()
  @IsString()
  due_before?: string;

  @ApiPropertyOptional({ description: 'filter by kind, e.g. initial-review' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  kind?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsBooleanString()
  overdue?: string;

  @ApiPropertyOptional({ description: 'read-your-writes: wait until projections reach this position' })
  @IsOptional()
  @IsString()
  minPosition?: string;
}

export const parsePosition = (raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new DomainError('VALIDATION_FAILED', 'minPosition must be a whole number');
  return Number(raw);
};

@ApiTags('deadlines')
@Controller('deadlines')
export class DeadlinesController {
  constructor(
    private readonly deadlines: Deadlines,
    private readonly projections: Projections,
  ) {}

  @Get()
  @Roles(...READERS, 'member')
  @MemberScoped()
  @ApiOperation({ summary: 'What falls due, soonest first; overdue: true once past due (a member sees its own)' })
  @ApiOkResponse({ schema: DEADLINES_SCHEMA })
  @Problems('NOT_CAUGHT_UP')
  async list(@Query() q: DeadlinesQuery, @ReadScope() scope: { memberId?: string }) {
    await this.projections.waitFor(parsePosition(q.minPosition), ['deadlines']);
    let dueBefore: Date | undefined;
    if (q.due_before !== undefined) {
      const parsed = parseInstant(q.due_before);
      if (!parsed) throw new DomainError('VALIDATION_FAILED', 'due_before must be an ISO-8601 instant or date');
      dueBefore = parsed;
    }
    const items = await this.deadlines.list({
      dueBefore,
      kind: q.kind,
      memberId: scope.memberId,
      overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
    });
    return { items, total: items.length };
  }
}

class SetClockBody {
  @ApiProperty({ example: '2026-05-01T09:00:00+08:00' })
  @IsInstant()
  now!: string;
}

@ApiTags('admin')
@Controller('admin')
export class AdminController {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly projections: Projections,
    private readonly processes: Processes,
    private readonly deadlines: Deadlines,
  ) {}

  @Post('clock')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Move the manual clock forward (CLOCK=manual only); answers once the scheduler has acted on all that fell due',
  })
  @ApiOkResponse({ schema: obj({ now: instant(), actions: int('deadline actions that recorded something') }) })
  @Problems('CONDITIONS_NOT_MET', 'OUT_OF_RANGE', 'NOT_CAUGHT_UP')
  async setClock(@Body() body: SetClockBody) {
    if (this.config.clock !== 'manual' || !(this.clock instanceof ManualClock))
      throw new DomainError('CONDITIONS_NOT_MET', 'the clock can be set only when the system is started with CLOCK=manual');
    const at = parseInstant(body.now);
    if (!at) throw new DomainError('VALIDATION_FAILED', 'now must be an ISO-8601 instant with a zone');
    if (at.getTime() < this.clock.now().getTime())
      throw new DomainError('OUT_OF_RANGE', `the clock only moves forward; it is ${this.clock.now().toISOString()}`);
    this.clock.set(at);
    saveManualClock(this.config.dataDir, this.clock);
    let actions = 0;
    // Each action's events may open or close further deadlines: repeat until nothing more is due (bounded).
    for (let round = 0; round < 50; round++) {
      await this.settle();
      const acted = await this.deadlines.runDue();
      actions += acted;
      if (acted === 0) break;
    }
    await this.settle();
    return { now: this.clock.now().toISOString(), actions };
  }

  /** Until projections and process managers have folded everything, including what the process managers appended. */
  private async settle(): Promise<void> {
    for (let round = 0; round < 50; round++) {
      const head = await this.events.headPosition();
      await this.projections.waitFor(head);
      await this.processes.waitFor(head);
      if ((await this.events.headPosition()) === head) return;
    }
  }

  @Get('clock')
  @Roles('admin')
  @ApiOperation({ summary: 'The time the system runs on' })
  @ApiOkResponse({ schema: CLOCK_SCHEMA })
  getClock() {
    return { now: this.clock.now().toISOString(), mode: this.config.clock };
  }

  @Get('projections')
  @Roles('admin')
  @ApiOperation({ summary: 'Each projection: its live generation and lag, and the progress of a rebuild under way' })
  @ApiOkResponse({ schema: PROJECTIONS_SCHEMA })
  @Problems()
  listProjections() {
    return this.projections.status();
  }

  @Post('projections/:name/rebuild')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({ summary: 'Rebuild a projection beside the live one from position 0, then switch' })
  @ApiAcceptedResponse({ schema: obj({ name: str(), generation: int('the generation being built') }) })
  @Problems('NOT_FOUND', 'CONDITIONS_NOT_MET')
  rebuild(@Param('name') name: string) {
    return this.projections.rebuild(name);
  }
}
