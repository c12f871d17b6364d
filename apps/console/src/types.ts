/** The shapes the console reads (the parts it uses), as the API answers them (see /docs-json). */

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
}

export interface DueDate {
  date: string;
  provisional: boolean;
}

export interface QuarterScore {
  quarter: string;
  total: number;
  rank: number | null;
  eliminated: boolean;
  onWarningList: boolean;
  closed: boolean;
}

export interface Member {
  id: string;
  name: string;
  applicantType: string | null;
  direction: string | null;
  status: string;
  exitKind: string | null;
  term: { start: string; end: string } | null;
  renewals: number;
  warnings: number;
  fines: { count: number; issuedFen: number; paidFen: number; outstandingFen: number };
  suspensions: { active: boolean; items: { suspensionId: string; resource: string; until: string | null; untilPaid: boolean }[] };
  openCases: number;
  openNotices: { noticeId: string; caseId: string; clause: string; due: DueDate; overdue: boolean }[];
  violations: number;
  latestScore: number | null;
  scores: QuarterScore[];
  onWarningList: boolean;
  workspace: string | null;
  exit: null | { kind: string; exitDate: string; clause: string | null; reason: string; banUntil: string | null };
  ban: null | { until: string; clause: string | null; reason: string };
  revision: number;
  disciplineRevision?: number;
  position: number;
  ruleSet?: { id: string; version: number };
  asOf?: { mode: string; at: string | null; eventsFolded: number; eventsSince: number };
}

export interface TimelineEvent {
  streamId: string;
  kind: string;
  type: string;
  eventId: string;
  revision: number;
  position: number;
  occurredAt: string;
  recordedAt: string;
  actor: { id: string; role: string };
  ruleSet: { id: string; version: number };
  data: Record<string, unknown>;
  excerpt?: boolean;
}

/** An event as /history, the case view and other reads give it: the envelope under `metadata`. */
export interface HistoryEvent {
  streamId: string;
  revision: number;
  position: number;
  type: string;
  data: Record<string, unknown>;
  metadata: {
    eventId: string;
    occurredAt: string;
    recordedAt: string;
    actor: { id: string; role: string };
    ruleSet: { id: string; version: number };
  };
}

export interface AppealItem {
  id: string;
  memberId: string;
  status: 'open' | 'upheld' | 'rejected';
  decision: { eventId: string; type: string; clause: string | null; streamId: string };
  grounds: string;
  filedDate: string;
  answerDueDate: string;
  overdue: boolean;
  outcome: null | { upheld: boolean; reason: string; decidedDate: string; late: boolean };
}

export interface Deadline {
  id: string;
  kind: string;
  rule: string;
  streamId: string;
  memberId?: string;
  dueDate: string;
  dueAt: string;
  provisional: boolean;
  action: null | { command: string };
  overdue: boolean;
}

export interface CommandReply {
  id: string;
  streamId: string;
  revision: number;
  position: number;
}
