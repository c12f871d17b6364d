import { given } from '@opc/kernel';
import { at, communityStep, ctxAt } from '../evaluation.fixtures';
import { exact } from '../rules/points';
import type { PublishedResult } from './community.events';
import { communityDecider } from './community.decider';
import { foldCommunity, toCommunityView } from './community.state';
import type { CommunityEvent } from './community.events';

const register = {
  type: 'RegisterCommunity' as const,
  communityId: 'c-1',
  name: 'Liangjiang OPC Hub',
  operator: 'Liangjiang Park Co.',
  areaM2: 2999,
  basicConditions: { legalPerson: true, safetyManagementSystem: true, networkFacilities: true },
};

const result = (evaluationId: string, publishedDate: string, over: Partial<PublishedResult> = {}): PublishedResult => ({
  evaluationId,
  outcome: 'graded',
  category: 'I',
  grade: 'leading',
  resultText: 'I类引领型 OPC 社区',
  resultTextEn: 'Category I leading OPC community',
  total: exact(9600),
  publishedDate,
  validFrom: publishedDate,
  validUntil: `${Number(publishedDate.slice(0, 4)) + 1}${publishedDate.slice(4)}`,
  lastValidDate: null,
  ...over,
});

const published = (h: CommunityEvent[], r: PublishedResult) =>
  communityStep(h, { type: 'RecordPublishedResult', communityId: 'c-1', result: r }, at(r.publishedDate));

describe('a community (C-CAT-1, C-BASIC-1, C-VALID-1, C-VALID-2)', () => {
  it('C-CAT-1: registered at 2,999 m² it is category II; the category follows its area (3,000 m²: I; 999 m²: none)', () => {
    let h = communityStep([], register, at('2027-01-04'));
    expect(h[0]).toMatchObject({ type: 'CommunityRegistered.v1', data: { category: 'II', registeredDate: '2027-01-04' } });
    h = communityStep(
      h,
      { type: 'ChangeCommunityArea', communityId: 'c-1', areaM2: 3000, reason: 'floor 2 added' },
      at('2027-02-01'),
    );
    expect(h.at(-1)).toMatchObject({ data: { areaM2: 3000, category: 'I', previousCategory: 'II' } });
    h = communityStep(
      h,
      { type: 'ChangeCommunityArea', communityId: 'c-1', areaM2: 999, reason: 'floors let' },
      at('2027-02-02'),
    );
    expect(toCommunityView(foldCommunity(h), '2027-02-02')).toMatchObject({ areaM2: 999, category: null, status: 'none' });
    // The same area again changes nothing.
    expect(
      given(communityDecider, ...h).when(
        { type: 'ChangeCommunityArea', communityId: 'c-1', areaM2: 999, reason: 'x' },
        ctxAt(at('2027-02-03')),
      ).events,
    ).toEqual([]);
  });

  it('C-BASIC-1: conditions change one by one; the event keeps the whole set and names what changed', () => {
    let h = communityStep([], register, at('2027-01-04'));
    h = communityStep(
      h,
      { type: 'ChangeBasicConditions', communityId: 'c-1', basicConditions: { networkFacilities: false }, reason: 'line cut' },
      at('2027-01-05'),
    );
    expect(h.at(-1)).toMatchObject({
      type: 'BasicConditionsChanged.v1',
      data: {
        changed: ['networkFacilities'],
        basicConditions: { legalPerson: true, safetyManagementSystem: true, networkFacilities: false },
      },
    });
    expect(
      given(communityDecider).when(
        { type: 'ChangeBasicConditions', communityId: 'c-2', basicConditions: {}, reason: 'x' },
        ctxAt(at('2027-01-05')),
      ).error?.code,
    ).toBe('NOT_FOUND');
  });

  it('C-VALID-1: a published result is valid until its exclusive end, lapsed from that day (even before the scheduler records it)', () => {
    const h = published(communityStep([], register, at('2027-01-04')), result('ev-1', '2027-03-11'));
    const c = foldCommunity(h);
    expect(toCommunityView(c, '2028-03-10')).toMatchObject({
      status: 'valid',
      grade: 'leading',
      resultText: 'I类引领型 OPC 社区',
    });
    expect(toCommunityView(c, '2028-03-11')).toMatchObject({ status: 'lapsed', grade: 'leading', validUntil: '2028-03-11' });
    const lapsed = communityStep(
      h,
      { type: 'RecordResultLapse', communityId: 'c-1', evaluationId: 'ev-1', lapsedDate: '2028-03-11' },
      at('2028-03-11', '00:00:00'),
    );
    expect(lapsed.at(-1)).toMatchObject({ type: 'CommunityResultLapsed.v1', data: { lapsedDate: '2028-03-11' } });
    expect(toCommunityView(foldCommunity(lapsed), '2028-03-11').results[0]).toMatchObject({
      status: 'lapsed',
      lapsedDate: '2028-03-11',
    });
  });

  it('C-VALID-1: a re-evaluation published before the end replaces the result; the old one no longer lapses the community', () => {
    let h = published(communityStep([], register, at('2027-01-04')), result('ev-1', '2027-03-11'));
    h = published(h, result('ev-2', '2028-02-20', { grade: 'growing', resultText: 'I类成长型 OPC 社区' }));
    expect(h.at(-1)).toMatchObject({ data: { evaluationId: 'ev-2', replaces: 'ev-1' } });
    const view = toCommunityView(foldCommunity(h), '2028-03-11');
    expect(view).toMatchObject({ status: 'valid', grade: 'growing', evaluationId: 'ev-2', validUntil: '2029-02-20' });
    expect(view.results.map((r) => [r.evaluationId, r.status, r.replacedBy])).toEqual([
      ['ev-1', 'replaced', 'ev-2'],
      ['ev-2', 'valid', null],
    ]);
    expect(
      given(communityDecider, ...h).when(
        { type: 'RecordResultLapse', communityId: 'c-1', evaluationId: 'ev-1', lapsedDate: '2028-03-11' },
        ctxAt(at('2028-03-11')),
      ).events,
    ).toEqual([]);
    // The same publication carried twice is recorded once.
    expect(
      given(communityDecider, ...h).when(
        { type: 'RecordPublishedResult', communityId: 'c-1', result: result('ev-2', '2028-02-20') },
        ctxAt(at('2028-02-20')),
      ).events,
    ).toEqual([]);
  });

  it('C-VALID-2: a revoked result shows revoked, with its reason and date, on the community', () => {
    let h = published(communityStep([], register, at('2027-01-04')), result('ev-1', '2027-03-11'));
    h = communityStep(
      h,
      {
        type: 'RecordResultRevocation',
        communityId: 'c-1',
        evaluationId: 'ev-1',
        reason: 'forged order contracts',
        revokedDate: '2027-06-01',
      },
      at('2027-06-01'),
    );
    expect(h.at(-1)).toMatchObject({ type: 'CommunityResultRevoked.v1', data: { wasCurrent: true } });
    expect(toCommunityView(foldCommunity(h), '2027-06-02')).toMatchObject({
      status: 'revoked',
      revocation: { reason: 'forged order contracts', revokedDate: '2027-06-01' },
    });
  });

  it('C-VETO-1: a vetoed re-evaluation leaves the community with no grade', () => {
    let h = published(communityStep([], register, at('2027-01-04')), result('ev-1', '2027-03-11'));
    h = published(
      h,
      result('ev-2', '2027-09-01', {
        outcome: 'vetoed',
        grade: null,
        validFrom: null,
        validUntil: null,
        resultText: '未通过评价（一票否决）',
      }),
    );
    expect(toCommunityView(foldCommunity(h), '2027-09-02')).toMatchObject({
      status: 'none',
      grade: null,
      resultText: '未通过评价（一票否决）',
    });
  });
});
