import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBooleanString, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { CLOCK, DomainError, ManualClock, parseInstant, type Clock } from '@opc/kernel';
import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import { PLATFORM_CONFIG, type PlatformConfig } from './config';
import { MemberScoped, Public, READERS, Roles } from './auth/roles';
import { ReadScope } from './auth/jwt.guard';
import { Deadlines } from './deadlines/deadlines.service';
import { Projections } from './projections/projections.service';
import { Processes } from './processes/processes.service';
import { RuleSets } from './rule-sets.service';
import { saveManualClock } from './time/manual-clock-file';
import { READ_STORE, type ReadStore } from '@opc/readstore';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly docs: ReadStore,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly projections: Projections,
    private readonly processes: Processes,
  ) {}

  @Get('health')
  @Public()
  @ApiOperation({ summary: 'Liveness, stores, and each projection with its lag in events' })
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
@ApiBearerAuth()
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
      streamId: scope.memberId ? `member-${scope.memberId}` : undefined,
      overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
    });
    return { items, total: items.length };
  }
}

class SetClockBody {
  @ApiProperty({ example: '2026-05-01T09:00:00+08:00' })
  @IsISO8601({ strict: true })
  now!: string;
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class AdminController {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly projections: Projections,
    private readonly processes: Processes,
    private readonly deadlines: Deadlines,
    private readonly ruleSets: RuleSets,
  ) {}

  @Get('rulesets')
  @Roles('admin')
  @ApiOperation({
    summary: 'Every rule set with its versions (effective dates, the numbers they hold) and the version in force today',
  })
  listRuleSets() {
    return { items: this.ruleSets.list() };
  }

  @Post('clock')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Move the manual clock forward (CLOCK=manual only); answers once the scheduler has acted on all that fell due',
  })
  @ApiOkResponse({ schema: { example: { now: '2026-05-01T01:00:00.000Z', actions: 2 } } })
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
  getClock() {
    return { now: this.clock.now().toISOString(), mode: this.config.clock };
  }

  @Post('projections/:name/rebuild')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({ summary: 'Rebuild a projection beside the live one from position 0, then switch' })
  rebuild(@Param('name') name: string) {
    return this.projections.rebuild(name);
  }
}
