/** The roles of docs/roles.md (plain data: the token CLI reads it without loading Nest). */
export const ROLES = ['admin', 'recruiter', 'officer', 'scorer', 'expert', 'appeal-handler', 'viewer', 'member'] as const;
export type Role = (typeof ROLES)[number];
