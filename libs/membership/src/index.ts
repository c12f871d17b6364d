export * from './membership.module';
export * from './member.state';
export * from './member.decider';
export * from './rules/membership-rules';
export * from './rules/membership-rule-sets';
export * from './admission/admission.events';
export * from './admission/admission.commands';
export * from './members/member.projection';
