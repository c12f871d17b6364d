import { Module, type DynamicModule } from '@nestjs/common';
import { DashboardModule } from '@opc/dashboard';
import { EvaluationModule } from '@opc/evaluation';
import { MembershipModule } from '@opc/membership';
import { loadConfig, PlatformModule, type PlatformConfig } from '@opc/platform';

/** The HTTP application: the platform shell plus every bounded context. */
@Module({})
export class AppModule {
  static forRoot(config: PlatformConfig = loadConfig()): DynamicModule {
    return { module: AppModule, imports: [PlatformModule.forRoot(config), MembershipModule, EvaluationModule, DashboardModule] };
  }
}
