import {
  ConditionsNotMet,
  DomainError,
  ERROR_CODES,
  HTTP_STATUS_OF_CODE,
  IllegalTransition,
  NotEligible,
  NotFound,
  OutOfRange,
  ReentryBanned,
  isDomainError,
} from './errors';

describe('domain errors', () => {
  it('API errors table: every code has its HTTP status', () => {
    expect(Object.keys(HTTP_STATUS_OF_CODE).sort()).toEqual([...ERROR_CODES].sort());
    expect(HTTP_STATUS_OF_CODE.VALIDATION_FAILED).toBe(400);
    expect(HTTP_STATUS_OF_CODE.UNAUTHENTICATED).toBe(401);
    expect(HTTP_STATUS_OF_CODE.FORBIDDEN).toBe(403);
    expect(HTTP_STATUS_OF_CODE.NOT_FOUND).toBe(404);
    expect(HTTP_STATUS_OF_CODE.ILLEGAL_TRANSITION).toBe(409);
    expect(HTTP_STATUS_OF_CODE.CONCURRENCY_CONFLICT).toBe(409);
    for (const code of [
      'REENTRY_BANNED',
      'NOT_ELIGIBLE',
      'OUT_OF_RANGE',
      'NOTICE_TOO_SHORT',
      'DEADLINE_PASSED',
      'CONDITIONS_NOT_MET',
      'IDEMPOTENCY_KEY_REUSED',
    ] as const) {
      expect(HTTP_STATUS_OF_CODE[code]).toBe(422);
    }
    expect(HTTP_STATUS_OF_CODE.NOT_CAUGHT_UP).toBe(503);
  });

  it('a DomainError carries code, detail, extensions and status, and is an Error', () => {
    const e = new DomainError('NOTICE_TOO_SHORT', 'exit notice must be given 15 days ahead', { minimumDays: 15 });
    expect(e).toBeInstanceOf(Error);
    expect(isDomainError(e)).toBe(true);
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(e.code).toBe('NOTICE_TOO_SHORT');
    expect(e.detail).toBe('exit notice must be given 15 days ahead');
    expect(e.extensions).toEqual({ minimumDays: 15 });
    expect(e.httpStatus).toBe(422);
    expect(e.message).toContain('NOTICE_TOO_SHORT');
  });

  it('extensions may not overwrite the problem document members', () => {
    expect(() => new DomainError('NOT_FOUND', 'x', { status: 200 })).toThrow(TypeError);
  });

  it('IllegalTransition names the status and the command (none when the aggregate does not exist)', () => {
    const e = new IllegalTransition('exited', 'ForceExit');
    expect(e).toBeInstanceOf(DomainError);
    expect(e.name).toBe('IllegalTransition');
    expect(e.code).toBe('ILLEGAL_TRANSITION');
    expect(e.httpStatus).toBe(409);
    expect(e.detail).toBe('ForceExit is not allowed in status exited');
    expect(e.extensions).toEqual({ currentStatus: 'exited', command: 'ForceExit' });
    expect(new IllegalTransition(null, 'SubmitEvidence').detail).toBe('SubmitEvidence is not allowed in status none');
  });

  it('NotFound names what was looked for', () => {
    const e = new NotFound('member', 'm-1');
    expect(e.code).toBe('NOT_FOUND');
    expect(e.httpStatus).toBe(404);
    expect(e.detail).toBe('member m-1 not found');
  });

  it('M-TERM-3: ConditionsNotMet lists every unmet condition', () => {
    const e = new ConditionsNotMet(['M-TERM-3: a violation in the current term', 'M-TERM-3: fees not paid on time']);
    expect(e.code).toBe('CONDITIONS_NOT_MET');
    expect(e.extensions).toEqual({
      reasons: ['M-TERM-3: a violation in the current term', 'M-TERM-3: fees not paid on time'],
    });
    expect(e.detail).toContain('fees not paid on time');
  });

  it('M-ADM-1: NotEligible carries the reasons', () => {
    const e = new NotEligible(['M-ADM-1: applicant type x may not apply']);
    expect(e.code).toBe('NOT_ELIGIBLE');
    expect(e.httpStatus).toBe(422);
    expect(e.extensions?.reasons).toEqual(['M-ADM-1: applicant type x may not apply']);
  });

  it('M-REW-2: OutOfRange reports value and bounds (municipal award ¥1,000–3,000)', () => {
    const e = new OutOfRange('amountFen', 50000, { min: 100000, max: 300000 }, 'M-REW-2');
    expect(e.code).toBe('OUT_OF_RANGE');
    expect(e.extensions).toEqual({ field: 'amountFen', value: 50000, min: 100000, max: 300000, rule: 'M-REW-2' });
    expect(e.detail).toBe('M-REW-2: amountFen 50000 is outside 100000..300000');
  });

  it('M-ADM-7: ReentryBanned carries the ban end date and reason', () => {
    const e = new ReentryBanned('2030-03-01', 'M-BAN-1: forced exit');
    expect(e.code).toBe('REENTRY_BANNED');
    expect(e.extensions).toEqual({ banUntil: '2030-03-01', reason: 'M-BAN-1: forced exit' });
  });
});
