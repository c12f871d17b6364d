import { addDays, given, startOfBusinessDay, type DecisionContext } from '@opc/kernel';
import { at, ctxAt } from '../member.fixtures';
import { MEMBERSHIP_RULES_V1, type MembershipRules } from '../rules/membership-rules';
import type { FileRequest, RequestCommand } from './request.commands';
import { requestDecider } from './request.decider';
import type { RequestEvent } from './request.events';

const ID = 'req-1';

const decided = (history: RequestEvent[], command: RequestCommand, ctx: DecisionContext<MembershipRules>) =>
  given(requestDecider, ...history).when(command, ctx);
/** Decided and dated at `instant` (10:00 in Shanghai by default). */
const on = (history: RequestEvent[], command: RequestCommand, instant: string, rules?: MembershipRules) =>
  decided(history, command, ctxAt(instant, rules));
/** One step of a fixture: it must succeed; its events are appended to the history. */
const step = (history: RequestEvent[], command: RequestCommand, instant: string): RequestEvent[] => {
  const out = on(history, command, instant);
  if (out.error) throw out.error;
  return [...history, ...out.events];
};
/** As the scheduler issues it: dated at the start of the day after `dueDate` (when it fell due), decided a little later. */
const scheduled = (history: RequestEvent[], command: RequestCommand, dueDate: string, now = at(addDays(dueDate, 1))) =>
  decided(history, command, { ...ctxAt(now), occurredAt: startOfBusinessDay(addDays(dueDate, 1)) });

const file = (over: Partial<FileRequest> = {}): FileRequest => ({
  type: 'FileRequest',
  requestId: ID,
  memberId: 'm-1',
  memberStatus: 'active',
  kind: 'complaint',
  subject: 'Noise in the shared office',
  text: 'Loud calls in zone A every afternoon.',
  ...over,
});
const respond = (text = 'We spoke to the neighbours.'): RequestCommand => ({ type: 'RespondToRequest', requestId: ID, text });
const resolve = (text = 'Quiet hours posted and enforced.'): RequestCommand => ({ type: 'ResolveRequest', requestId: ID, text });
const responseBreach = (dueDate: string): RequestCommand => ({ type: 'RecordResponseBreach', requestId: ID, dueDate });
const resolutionBreach = (dueDate: string): RequestCommand => ({ type: 'RecordResolutionBreach', requestId: ID, dueDate });

/** Filed on Friday 2026-11-06: response due Tuesday 2026-11-10, solution due Tuesday 2026-11-17 (over the weekends). */
const FILED = step([], file(), at('2026-11-06'));
const RESPONDED = step(FILED, respond(), at('2026-11-09'));

describe('service requests (M-SVC-1)', () => {
  describe('filing and due dates', () => {
    it('M-SVC-1: filed on a Friday, the response is due in 2 working days and the solution in 7, counted over the weekends', () => {
      const out = on([], file(), at('2026-11-06'));
      expect(out.error).toBeNull();
      expect(out.events).toEqual([
        {
          type: 'RequestFiled.v1',
          data: {
            requestId: ID,
            memberId: 'm-1',
            kind: 'complaint',
            subject: 'Noise in the shared office',
            text: 'Loud calls in zone A every afternoon.',
            filedDate: '2026-11-06',
            responseDue: { date: '2026-11-10', provisional: false },
            resolutionDue: { date: '2026-11-17', provisional: false },
            rule: 'M-SVC-1',
          },
        },
      ]);
      expect(out.state.status).toBe('open');
    });

    it('M-SVC-1: across National Day 2026 (1–7 October off, Saturday 10 October worked) the due dates move past the holiday', () => {
      const out = on([], file(), at('2026-09-30'));
      expect(out.events[0]).toMatchObject({
        data: {
          filedDate: '2026-09-30',
          // 8 and 9 October; the solution counts the adjusted working Saturday (调休) 10 October too.
          responseDue: { date: '2026-10-09', provisional: false },
          resolutionDue: { date: '2026-10-15', provisional: false },
        },
      });
    });

    it('M-SVC-1: "within N working days" counts from the next working day: filed on a Saturday, due Tuesday and the Tuesday after', () => {
      const out = on([], file(), at('2026-11-07'));
      expect(out.events[0]).toMatchObject({
        data: { responseDue: { date: '2026-11-10' }, resolutionDue: { date: '2026-11-17' } },
      });
    });

    it('M-SVC-1: past the holiday data (2027) the due dates are provisional', () => {
      const out = on([], file(), at('2027-03-05'));
      expect(out.events[0]).toMatchObject({
        data: {
          responseDue: { date: '2027-03-09', provisional: true },
          resolutionDue: { date: '2027-03-16', provisional: true },
        },
      });
    });

    it('M-SVC-1: the numbers are the rule set in force: a version with 1 and 3 working days decides so', () => {
      const rules: MembershipRules = { ...MEMBERSHIP_RULES_V1, service: { responseWorkingDays: 1, resolutionWorkingDays: 3 } };
      const out = on([], file(), at('2026-11-06'), rules);
      expect(out.events[0]).toMatchObject({
        data: { responseDue: { date: '2026-11-09' }, resolutionDue: { date: '2026-11-11' } },
      });
    });

    it('M-SVC-1: a request is for an active or exiting member; another status is NOT_ELIGIBLE naming the rule', () => {
      expect(on([], file({ memberStatus: 'exiting' }), at('2026-11-06')).error).toBeNull();
      for (const status of ['applied', 'reviewed', 'approved', 'signed', 'rejected', 'exited']) {
        const out = on([], file({ memberStatus: status }), at('2026-11-06'));
        expect(out.error?.code).toBe('NOT_ELIGIBLE');
        expect(out.error?.extensions?.reasons).toEqual([
          `M-SVC-1: a request is filed for a member who is active or exiting; the member is ${status}`,
        ]);
      }
    });

    it('M-SVC-1: the same request filed again (the same id) records nothing more', () => {
      expect(on(FILED, file(), at('2026-11-06', '11:00:00'))).toMatchObject({ events: [], error: null });
    });
  });

  describe('response and resolution', () => {
    it('M-SVC-1: a response on its due date is in time; the request is responded', () => {
      const out = on(FILED, respond(), at('2026-11-10', '23:59:59'));
      expect(out.events).toEqual([
        {
          type: 'RequestResponded.v1',
          data: {
            requestId: ID,
            text: 'We spoke to the neighbours.',
            respondedDate: '2026-11-10',
            dueDate: '2026-11-10',
            late: false,
            withResolution: false,
            rule: 'M-SVC-1',
          },
        },
      ]);
      expect(out.state.status).toBe('responded');
    });

    it('M-SVC-1: a response the day after its due date is recorded, late', () => {
      const out = on(FILED, respond(), at('2026-11-11'));
      expect(out.error).toBeNull();
      expect(out.events[0]).toMatchObject({ data: { respondedDate: '2026-11-11', late: true } });
    });

    it('M-SVC-1: the response is recorded once: a second one is ILLEGAL_TRANSITION', () => {
      const out = on(RESPONDED, respond('again'), at('2026-11-09'));
      expect(out.error?.code).toBe('ILLEGAL_TRANSITION');
      expect(out.events).toEqual([]);
    });

    it('M-SVC-1: a response or resolution to a request never filed is NOT_FOUND', () => {
      expect(on([], respond(), at('2026-11-09')).error?.code).toBe('NOT_FOUND');
      expect(on([], resolve(), at('2026-11-09')).error?.code).toBe('NOT_FOUND');
    });

    it('M-SVC-1: the resolution after the response closes the request; in time up to its due date, late after it', () => {
      const inTime = on(RESPONDED, resolve(), at('2026-11-17'));
      expect(inTime.events).toEqual([
        {
          type: 'RequestResolved.v1',
          data: {
            requestId: ID,
            text: 'Quiet hours posted and enforced.',
            resolvedDate: '2026-11-17',
            dueDate: '2026-11-17',
            late: false,
            rule: 'M-SVC-1',
          },
        },
      ]);
      expect(inTime.state.status).toBe('resolved');
      expect(on(RESPONDED, resolve(), at('2026-11-18')).events[0]).toMatchObject({ data: { late: true } });
    });

    it('M-SVC-1 [choice]: a resolution with no response before it is the response too: both recorded, each with its lateness', () => {
      const out = on(FILED, resolve(), at('2026-11-12'));
      expect(out.events.map((e) => e.type)).toEqual(['RequestResponded.v1', 'RequestResolved.v1']);
      expect(out.events[0].data).toMatchObject({
        text: 'Quiet hours posted and enforced.',
        respondedDate: '2026-11-12',
        late: true,
        withResolution: true,
      });
      expect(out.events[1].data).toMatchObject({ resolvedDate: '2026-11-12', late: false });
      expect(out.state).toMatchObject({ status: 'resolved', respondedDate: '2026-11-12', resolvedDate: '2026-11-12' });
    });

    it('M-SVC-1: once resolved the request is closed: another response or resolution is ILLEGAL_TRANSITION', () => {
      const resolved = step(RESPONDED, resolve(), at('2026-11-12'));
      for (const command of [respond(), resolve()]) {
        const out = on(resolved, command, at('2026-11-13'));
        expect(out.error?.code).toBe('ILLEGAL_TRANSITION');
        expect(out.error?.extensions).toMatchObject({ currentStatus: 'request resolved' });
      }
    });

    it('M-SVC-1: a resolution dated before the response is OUT_OF_RANGE', () => {
      const respondedLater = step(FILED, respond(), at('2026-11-10'));
      const out = on(respondedLater, resolve(), at('2026-11-09'));
      expect(out.error?.code).toBe('OUT_OF_RANGE');
      expect(out.error?.extensions).toMatchObject({ min: '2026-11-10', rule: 'M-SVC-1' });
    });
  });

  describe('breaches, recorded by the scheduler', () => {
    it('M-SVC-1: the response due date passed unanswered: the breach is recorded with the due date and the rule', () => {
      const out = scheduled(FILED, responseBreach('2026-11-10'), '2026-11-10');
      expect(out.events).toEqual([
        {
          type: 'RequestResponseBreached.v1',
          data: { requestId: ID, memberId: 'm-1', dueDate: '2026-11-10', breachedDate: '2026-11-11', rule: 'M-SVC-1' },
        },
      ]);
      expect(out.state).toMatchObject({ status: 'open', responseBreached: true });
    });

    it('M-SVC-1: a breach is recorded once: the scheduler running again records nothing', () => {
      const breached = [...FILED, ...scheduled(FILED, responseBreach('2026-11-10'), '2026-11-10').events];
      expect(scheduled(breached, responseBreach('2026-11-10'), '2026-11-10', at('2026-11-12')).events).toEqual([]);
    });

    it('M-SVC-1: no breach before the due date has passed, after a response, or for another due date', () => {
      const early = decided(FILED, responseBreach('2026-11-10'), {
        ...ctxAt(at('2026-11-10', '23:00:00')),
        occurredAt: new Date(at('2026-11-10', '23:00:00')),
      });
      expect(early.events).toEqual([]);
      expect(scheduled(RESPONDED, responseBreach('2026-11-10'), '2026-11-10').events).toEqual([]);
      expect(scheduled(FILED, responseBreach('2026-11-09'), '2026-11-10').events).toEqual([]);
    });

    it('M-SVC-1: a response after the breach is still accepted, late; the breach stays on record', () => {
      const breached = [...FILED, ...scheduled(FILED, responseBreach('2026-11-10'), '2026-11-10').events];
      const out = on(breached, respond(), at('2026-11-12'));
      expect(out.error).toBeNull();
      expect(out.events[0]).toMatchObject({ data: { late: true } });
      expect(out.state).toMatchObject({ status: 'responded', responseBreached: true });
    });

    it('M-SVC-1: the solution due date passed: a resolution breach, open or responded; none once resolved', () => {
      expect(scheduled(RESPONDED, resolutionBreach('2026-11-17'), '2026-11-17').events).toEqual([
        {
          type: 'RequestResolutionBreached.v1',
          data: { requestId: ID, memberId: 'm-1', dueDate: '2026-11-17', breachedDate: '2026-11-18', rule: 'M-SVC-1' },
        },
      ]);
      // Left unanswered throughout: both breaches, each once.
      const both = [...FILED, ...scheduled(FILED, responseBreach('2026-11-10'), '2026-11-10').events];
      const out = scheduled(both, resolutionBreach('2026-11-17'), '2026-11-17');
      expect(out.events.map((e) => e.type)).toEqual(['RequestResolutionBreached.v1']);
      expect(out.state).toMatchObject({ responseBreached: true, resolutionBreached: true });
      expect(scheduled([...both, ...out.events], resolutionBreach('2026-11-17'), '2026-11-17').events).toEqual([]);
      const resolved = step(RESPONDED, resolve(), at('2026-11-12'));
      expect(scheduled(resolved, resolutionBreach('2026-11-17'), '2026-11-17').events).toEqual([]);
    });
  });
});
