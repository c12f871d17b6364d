import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';
import { Dashboard } from './dashboard.service';

/** The operators' overview, over the read models of both contexts. */
@Module({ controllers: [DashboardController], providers: [Dashboard] })
export class DashboardModule {}
