/** Publish a new version of a rule set; `document` may be partial (merged onto the latest version). */
export type PublishRuleSetVersion = {
  type: 'PublishRuleSetVersion';
  name: string;
  document: Record<string, unknown>;
  /** 'YYYY-MM-DD': at least the publicity period after the publication's business date. */
  effectiveFrom: string;
};

/** An objection to a version during its publicity: the version is withdrawn. */
export type ObjectToRuleSetVersion = { type: 'ObjectToRuleSetVersion'; name: string; version: number; reason: string };

export type RuleSetCommand = PublishRuleSetVersion | ObjectToRuleSetVersion;
