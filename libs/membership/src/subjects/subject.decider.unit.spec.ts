import { given } from '@opc/kernel';
import { at, ctxAt } from '../member.fixtures';
import { subjectDecider } from './subject.decider';
import type { SubjectEvent } from './subject.events';

const hash = 'f'.repeat(64);
const reserved = (memberId: string): SubjectEvent => ({ type: 'SubjectReserved.v1', data: { subjectHash: hash, memberId } });
const released = (memberId: string): SubjectEvent => ({
  type: 'SubjectReleased.v1',
  data: { subjectHash: hash, memberId, reason: 'membership-ended' },
});
const ctx = ctxAt(at('2027-01-04'));

describe('subject reservation: one subject, one membership (M-ADM-7)', () => {
  it('M-ADM-7: a free subject is reserved by the application', () => {
    const out = given(subjectDecider).when({ type: 'ReserveSubject', subjectHash: hash, memberId: 'm-1' }, ctx);
    expect(out.events).toEqual([reserved('m-1')]);
    expect(out.state.holder).toBe('m-1');
  });

  it('M-ADM-7: while another application or membership holds the subject, a new application is NOT_ELIGIBLE, naming it', () => {
    const out = given(subjectDecider, reserved('m-1')).when({ type: 'ReserveSubject', subjectHash: hash, memberId: 'm-2' }, ctx);
    expect(out.error).toMatchObject({ code: 'NOT_ELIGIBLE' });
    expect(out.error!.detail).toContain('m-1');
    expect(out.events).toEqual([]);
  });

  it('M-ADM-7: the same application tried again takes nothing more', () => {
    const out = given(subjectDecider, reserved('m-1')).when({ type: 'ReserveSubject', subjectHash: hash, memberId: 'm-1' }, ctx);
    expect(out).toMatchObject({ error: null, events: [] });
  });

  it('M-ADM-7: once released (rejected, or the membership ended) the subject may apply again', () => {
    const out = given(subjectDecider, reserved('m-1'), released('m-1')).when(
      { type: 'ReserveSubject', subjectHash: hash, memberId: 'm-2' },
      ctx,
    );
    expect(out.events).toEqual([reserved('m-2')]);
    expect(out.state.history).toEqual(['m-1', 'm-2']);
  });

  it('M-ADM-7: only the holder releases; a late release of an earlier holder changes nothing', () => {
    const history = [reserved('m-1'), released('m-1'), reserved('m-2')];
    const late = given(subjectDecider, ...history).when(
      { type: 'ReleaseSubject', subjectHash: hash, memberId: 'm-1', reason: 'membership-ended' },
      ctx,
    );
    expect(late).toMatchObject({ error: null, events: [] });
    expect(late.state.holder).toBe('m-2');
  });
});
