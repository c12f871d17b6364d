import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ThrottlerModule } from '@nestjs/throttler';
import { CLOCK, SystemClock, WorkingDayCalendar } from '@opc/kernel';
import { openManualClock } from './time/manual-clock-file';
import { JwtRolesGuard } from './auth/jwt.guard';
import { CommandPipeline } from './command-pipeline';
import { loadConfig, PLATFORM_CONFIG, type PlatformConfig } from './config';
import { Deadlines } from './deadlines/deadlines.service';
import { ProblemFilter } from './http/problem.filter';
import { RateLimitGuard, rateLimits } from './http/rate-limit';
import { AdminController, DeadlinesController, HealthController } from './platform.controllers';
import { Projections } from './projections/projections.service';
import { Processes } from './processes/processes.service';
import { RuleSets } from './rule-sets.service';
import { RuleSetsController } from './rule-sets.controller';
import { storeProviders, StoresLifecycle } from './stores/stores.providers';
import { LeaseKeeper, processHolder } from './leases/leases';
import { READ_STORE, type ReadStore } from '@opc/readstore';
import { WORKING_DAYS } from './time/time.tokens';

/**
 * The Nest shell every bounded context stands on: configuration, clock, calendar, stores,
 * command pipeline, projections, deadlines and scheduler, auth and problem+json errors.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: PlatformConfig = loadConfig()): DynamicModule {
    return {
      module: PlatformModule,
      imports: [CqrsModule.forRoot(), ThrottlerModule.forRoot(rateLimits(config))],
      controllers: [HealthController, DeadlinesController, AdminController, RuleSetsController],
      providers: [
        { provide: PLATFORM_CONFIG, useValue: config },
        {
          provide: CLOCK,
          useFactory: () => (config.clock === 'manual' ? openManualClock(config.dataDir, config.clockStart) : new SystemClock()),
        },
        { provide: WORKING_DAYS, useFactory: () => WorkingDayCalendar.fromFile(config.calendarOverridesFile) },
        ...storeProviders,
        {
          provide: LeaseKeeper,
          useFactory: (docs: ReadStore) => new LeaseKeeper(docs, processHolder(), Math.max(1_000, config.leaseTtlMs)),
          inject: [READ_STORE],
        },
        StoresLifecycle,
        CommandPipeline,
        Projections,
        Processes,
        Deadlines,
        RuleSets,
        // In this order: the caller is known before its rate is counted against it.
        { provide: APP_GUARD, useClass: JwtRolesGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
      exports: [
        PLATFORM_CONFIG,
        CLOCK,
        WORKING_DAYS,
        CommandPipeline,
        Projections,
        Processes,
        Deadlines,
        RuleSets,
        CqrsModule,
        ...storeProviders.map((p) => (p as { provide: symbol }).provide),
      ],
    };
  }
}
