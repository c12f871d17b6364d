import {
  anyObject,
  arr,
  bool,
  date,
  eventEntry,
  int,
  nullable,
  obj,
  oneOf,
  page,
  ruleSetRef,
  str,
  type Schema,
} from '@opc/platform/http/schema';

/** OpenAPI schemas of what the evaluation routes answer. */
const num = (description?: string): Schema => ({ type: 'number', ...(description ? { description } : {}) });

const SCORE = obj(
  { points: num('truncated to hundredths'), exact: str("exact, in points: '96', '94.5' or a fraction such as '20999/300'") },
  'an exact score (C-GRADE-1: grades compare the exact value)',
);
const AS_OF = nullable(
  obj({
    mode: oneOf(['asOf', 'asOfOccurred', 'atRevision']),
    at: nullable(str()),
    atRevision: nullable(int()),
    eventsFolded: int(),
    eventsSince: int(),
  }),
);
const REVOCATION = nullable(obj({ reason: str(), revokedDate: date() }));

const RESULT = obj({
  evaluationId: str(),
  outcome: oneOf(['graded', 'vetoed']),
  category: str(),
  grade: nullable(str()),
  resultText: str('C-RES-1, e.g. I类引领型 OPC 社区'),
  resultTextEn: str(),
  total: SCORE,
  publishedDate: date(),
  validFrom: nullable(date()),
  validUntil: nullable(date('first day no longer valid (exclusive end)')),
  lastValidDate: nullable(date()),
  status: oneOf(['valid', 'vetoed', 'lapsed', 'replaced', 'revoked']),
  lapsedDate: nullable(date()),
  replacedBy: nullable(str()),
  replacedDate: nullable(date()),
  revocation: REVOCATION,
});

const communityFields: Record<string, Schema> = {
  id: str(),
  name: str(),
  operator: str(),
  areaM2: int('operating area, whole m²'),
  category: nullable(str('C-CAT-1 from the area now (I, II); null: not eligible')),
  basicConditions: { type: 'object', additionalProperties: { type: 'boolean' } },
  registeredDate: date(),
  status: oneOf(['valid', 'lapsed', 'revoked', 'none'], 'of the current result on the day read'),
  grade: nullable(str()),
  resultText: nullable(str()),
  resultTextEn: nullable(str()),
  evaluationId: nullable(str('the evaluation of the current result')),
  publishedDate: nullable(date()),
  validFrom: nullable(date()),
  validUntil: nullable(date('first day no longer valid (exclusive end)')),
  lastValidDate: nullable(date()),
  revocation: REVOCATION,
  results: arr(RESULT, 'every published result, oldest first'),
  revision: int(),
  position: int(),
};

export const COMMUNITY_SCHEMA = obj({ ...communityFields, ruleSet: ruleSetRef, asOf: AS_OF });
export const COMMUNITY_LIST_SCHEMA = page(obj(communityFields));
export const HISTORY_SCHEMA = obj({ id: str(), streamId: str(), events: arr(eventEntry, 'oldest first, with metadata') });

export const OPENED_SCHEMA = obj({
  id: str('the evaluation'),
  streamId: str(),
  revision: int(),
  position: int(),
  category: nullable(str()),
  catalogue: nullable(obj({ id: str(), version: int('the catalogue version it keeps to the end') })),
});
export const EVIDENCE_REPLY_SCHEMA = obj({ id: str(), streamId: str(), revision: int(), position: int(), evidenceId: str() });
export const PUBLICITY_REPLY_SCHEMA = obj({
  id: str(),
  streamId: str(),
  revision: int(),
  position: int(),
  publicity: nullable(obj({ endsDate: date(), publicationFrom: date(), provisional: bool() })),
  resultText: nullable(str()),
  outcome: nullable(oneOf(['graded', 'vetoed'])),
  grade: nullable(str()),
});
export const PUBLICATION_REPLY_SCHEMA = obj({
  id: str(),
  streamId: str(),
  revision: int(),
  position: int('covers the result recorded on the community too'),
  result: nullable(
    obj({
      resultText: str(),
      resultTextEn: str(),
      grade: nullable(str()),
      category: str(),
      validFrom: nullable(date()),
      validUntil: nullable(date()),
      lastValidDate: nullable(date()),
    }),
  ),
});

export const SHEET_SCHEMA = obj({
  expertId: str(),
  submittedDate: date(),
  submissions: int('sheets given by the expert; the last counts'),
  counts: bool('false once the expert recused itself'),
  scores: arr(obj({ indicator: str(), dimension: nullable(str()), points: num() })),
  bonus: arr(obj({ item: str(), points: num() })),
  vetoes: arr(obj({ item: str(), reason: str() })),
  counted: obj(
    {
      byDimension: arr(obj({ dimension: str(), points: num() })),
      base: num(),
      bonusClaimed: num(),
      bonus: num('at most the cap (15)'),
      total: num(),
      zeroedForNoEvidence: arr(str(), 'C-EVID-1: items given points that count 0 for want of evidence'),
    },
    'how the sheet counts',
  ),
});

const EVIDENCE = obj({
  evidenceId: str(),
  indicator: str(),
  fileRef: str(),
  sha256: str(),
  note: nullable(str()),
  submittedDate: date(),
});

export const EVALUATION_SCHEMA = obj({
  id: str(),
  communityId: str(),
  community: anyObject('the community as found when the evaluation opened'),
  category: str(),
  status: oneOf(['open', 'publicity', 'published', 'lapsed', 'superseded', 'revoked']),
  openedDate: date(),
  catalogue: obj({ id: str(), version: int(), effectiveFrom: date(), title: str(), titleZh: str() }),
  evidence: arr(EVIDENCE),
  experts: arr(
    obj({
      expertId: str(),
      assignedDate: date(),
      declaredDate: nullable(date()),
      recusedDate: nullable(date()),
      note: nullable(str()),
      sheetSubmitted: bool(),
    }),
  ),
  sheets: arr(SHEET_SCHEMA, "every expert's sheet (an expert sees its own only until the panel closes)"),
  panel: nullable(
    obj({
      closedDate: date(),
      method: oneOf(['mean', 'trimmed-mean']),
      counted: arr(str()),
      dropped: nullable(obj({ highest: str(), lowest: str() })),
      base: SCORE,
      bonus: SCORE,
      total: SCORE,
      byDimension: arr(obj({ dimension: str(), name: str(), nameZh: str(), weight: num(), score: SCORE })),
      withoutEvidence: arr(str()),
      vetoes: arr(obj({ expertId: str(), item: str(), reason: str() })),
      outcome: oneOf(['graded', 'vetoed']),
      grade: nullable(str()),
    }),
  ),
  publicity: nullable(
    obj({
      startedDate: date(),
      endsDate: date(),
      provisional: bool(),
      publicationFrom: date(),
      resultText: str(),
      resultTextEn: str(),
    }),
  ),
  publication: nullable(anyObject('the published result with its validity')),
  lapsedDate: nullable(date()),
  supersession: nullable(obj({ byEvaluationId: str(), supersededDate: date() })),
  revocation: REVOCATION,
  revision: int(),
  position: int(),
  ruleSet: ruleSetRef,
  asOf: AS_OF,
});

export const CHECKLIST_SCHEMA = obj({
  evaluationId: str(),
  status: str(),
  catalogue: obj({ id: str(), version: int() }),
  items: arr(
    obj({
      kind: oneOf(['indicator', 'bonus']),
      dimension: nullable(str()),
      id: str(),
      name: str(),
      nameZh: str(),
      maxPoints: num(),
      placeholder: bool(),
      evidenceRequired: str(),
      evidence: arr(EVIDENCE),
      present: bool(),
    }),
  ),
  missing: arr(str(), 'C-EVID-1: items with no evidence yet (they score 0)'),
  complete: bool(),
  counts: obj({ items: int(), present: int(), missing: int() }),
});

export const EVALUATION_LIST_SCHEMA = obj({
  items: arr(
    obj({
      id: str(),
      communityId: str(),
      communityName: str(),
      category: str(),
      catalogueVersion: int(),
      status: str(),
      openedDate: date(),
      experts: int(),
      sheets: int(),
      outcome: nullable(oneOf(['graded', 'vetoed'])),
      grade: nullable(str()),
      resultText: nullable(str()),
      publishedDate: nullable(date()),
      validUntil: nullable(date()),
    }),
  ),
  total: int(),
});

export const SHEET_READ_SCHEMA = obj({ evaluationId: str(), ...(SHEET_SCHEMA.properties as Record<string, Schema>) });
