import { Inject, Injectable } from '@nestjs/common';
import { businessDateOf, CLOCK, type Clock, type RuleSetHistory, type VersionedRules } from '@opc/kernel';

/** Every context's rule sets, so operators and appeal handlers can see which version is in force (M-RULE-1). */
@Injectable()
export class RuleSets {
  private readonly histories = new Map<string, RuleSetHistory<VersionedRules>>();

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  register(name: string, history: RuleSetHistory<VersionedRules>): void {
    this.histories.set(name, history);
  }

  list() {
    const today = businessDateOf(this.clock.now());
    return [...this.histories].map(([name, history]) => ({
      name,
      inForce: history.inForceOn(today).version,
      versions: history.all(),
    }));
  }
}
