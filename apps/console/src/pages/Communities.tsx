import {
  Badge,
  Empty,
  isRouteMissing,
  ListTable,
  PageHeader,
  ProblemView,
  RouteUnavailable,
  SelectFilter,
  type Tone,
} from '../components';
import { integer } from '../format';
import { useApi, useQueryFilters } from '../hooks';
import { useT } from '../lang';
import { Link } from '../router';
import type { Page } from '../types';

export interface CommunityResult {
  evaluationId: string;
  outcome: 'graded' | 'vetoed';
  category: string;
  grade: string | null;
  resultText: string;
  resultTextEn: string;
  total: { points: number; exact: string };
  publishedDate: string;
  validFrom: string | null;
  validUntil: string | null;
  lastValidDate: string | null;
  status: string;
  revocation: { reason: string; revokedDate: string } | null;
}

export interface Community {
  id: string;
  name: string;
  operator: string;
  areaM2: number;
  category: string | null;
  basicConditions: Record<string, boolean>;
  registeredDate: string;
  status: 'valid' | 'lapsed' | 'revoked' | 'none';
  grade: string | null;
  resultText: string | null;
  resultTextEn: string | null;
  evaluationId: string | null;
  validFrom: string | null;
  validUntil: string | null;
  lastValidDate: string | null;
  revocation: { reason: string; revokedDate: string } | null;
  results: CommunityResult[];
}

export const COMMUNITY_TONE: Record<string, Tone> = {
  valid: 'green',
  lapsed: 'gray',
  revoked: 'red',
  none: 'gray',
  vetoed: 'red',
  replaced: 'gray',
};
export const GRADE_TONE: Record<string, Tone> = { leading: 'purple', growing: 'blue', cultivating: 'teal' };

/** GET /communities?grade=&category=&status=&page=: the communities and their current results. */
export function CommunitiesPage() {
  const { t, tv, lang } = useT();
  const {
    values: { grade, category, status },
    page,
    go,
  } = useQueryFilters('/communities', { grade: '', category: '', status: '' });
  const list = useApi<Page<Community>>('/communities', {
    grade: grade || undefined,
    category: category || undefined,
    status: status || undefined,
    page,
  });
  const { data, error } = list;
  if (isRouteMissing(error)) return <RouteUnavailable title={t('communities.title')} />;
  return (
    <>
      <PageHeader
        title={t('communities.title')}
        sub={data ? t('common.pageInfo', { page: data.page, pages: data.pages, total: data.total }) : undefined}
      />
      <div className="filters">
        <SelectFilter
          name="grade"
          label="communities.filter.grade"
          value={grade}
          values={['leading', 'growing', 'cultivating']}
          labelPrefix="communities.grade."
          onChange={(v) => go({ grade: v })}
        />
        <SelectFilter
          name="category"
          label="communities.filter.category"
          value={category}
          values={['I', 'II']}
          labelPrefix="communities.category."
          onChange={(v) => go({ category: v })}
        />
        <SelectFilter
          name="status"
          label="communities.filter.status"
          value={status}
          values={['valid', 'lapsed', 'revoked', 'none']}
          labelPrefix="communities.status."
          onChange={(v) => go({ status: v })}
        />
      </div>
      <ListTable
        list={list}
        testId="communities-table"
        onPage={(p) => go({ page: String(p) })}
        head={
          <>
            <th>{t('communities.col.name')}</th>
            <th>{t('communities.col.operator')}</th>
            <th className="num">{t('communities.col.area')}</th>
            <th>{t('communities.col.category')}</th>
            <th>{t('communities.col.grade')}</th>
            <th>{t('communities.col.result')}</th>
            <th>{t('communities.col.validity')}</th>
            <th>{t('communities.col.status')}</th>
          </>
        }
        row={(c) => (
          <tr key={c.id}>
            <td>
              <Link to={`/communities/${c.id}`} className="strong">
                {c.name}
              </Link>
            </td>
            <td>{c.operator}</td>
            <td className="num">{t('communities.area', { n: integer(c.areaM2) })}</td>
            <td>{c.category ? tv('communities.category.', c.category) : '—'}</td>
            <td>{c.grade ? <Badge tone={GRADE_TONE[c.grade] ?? 'gray'}>{tv('communities.grade.', c.grade)}</Badge> : '—'}</td>
            <td>{(lang === 'zh' ? c.resultText : c.resultTextEn) ?? '—'}</td>
            <td className="nowrap">
              {c.validFrom ? t('communities.validUntil', { from: c.validFrom, to: c.lastValidDate ?? '—' }) : '—'}
            </td>
            <td>
              <Badge tone={COMMUNITY_TONE[c.status] ?? 'gray'}>{tv('communities.status.', c.status)}</Badge>
            </td>
          </tr>
        )}
      />
      <EvaluationList />
    </>
  );
}

interface EvaluationItem {
  id: string;
  communityId: string;
  communityName: string;
  category: string;
  catalogueVersion: number;
  status: string;
  openedDate: string;
  experts: number;
  sheets: number;
  grade: string | null;
  resultText: string | null;
  publishedDate: string | null;
  validUntil: string | null;
}

/** validUntil is the first day no longer valid: the last valid day is the day before. */
const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

const EVALUATION_TONE: Record<string, Tone> = {
  open: 'blue',
  publicity: 'amber',
  published: 'green',
  lapsed: 'gray',
  superseded: 'gray',
  revoked: 'red',
};

/** GET /evaluations: every evaluation, first opened first, with its panel and result. */
export function EvaluationList({ communityId }: { communityId?: string }) {
  const { t, tv } = useT();
  const { data, error } = useApi<{ items: EvaluationItem[] }>('/evaluations', { communityId });
  if (isRouteMissing(error)) return null;
  return (
    <div className="section">
      <h2 className="section-title">{t('communities.recentEvaluations')}</h2>
      {error && <ProblemView error={error} />}
      {data && (
        <div className="table-wrap">
          <table className="table" data-testid="evaluations-table">
            <thead>
              <tr>
                <th>{t('communities.col.name')}</th>
                <th>{t('evaluation.opened')}</th>
                <th>{t('communities.col.status')}</th>
                <th className="num">{t('evaluation.experts')}</th>
                <th className="num">{t('evaluation.sheets')}</th>
                <th>{t('communities.col.grade')}</th>
                <th>{t('communities.col.result')}</th>
                <th>{t('communities.col.validity')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Link to={`/evaluations/${e.id}`} className="strong">
                      {e.communityName}
                    </Link>
                  </td>
                  <td className="nowrap">{e.openedDate}</td>
                  <td>
                    <Badge tone={EVALUATION_TONE[e.status] ?? 'gray'}>{tv('evaluation.status.', e.status)}</Badge>
                  </td>
                  <td className="num">{e.experts}</td>
                  <td className="num">{e.sheets}</td>
                  <td>
                    {e.grade ? <Badge tone={GRADE_TONE[e.grade] ?? 'gray'}>{tv('communities.grade.', e.grade)}</Badge> : '—'}
                  </td>
                  <td>{e.resultText ?? '—'}</td>
                  <td className="nowrap">{e.validUntil ? dayBefore(e.validUntil) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.items.length === 0 && <Empty />}
        </div>
      )}
    </div>
  );
}
