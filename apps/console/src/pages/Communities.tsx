import { Badge, Empty, isRouteMissing, Loading, PageHeader, Pager, ProblemView, Unavailable, type Tone } from '../components';
import { integer } from '../format';
import { useApi } from '../hooks';
import { useT } from '../lang';
import { Link, useRouter } from '../router';
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
  const { search, navigate } = useRouter();
  const grade = search.get('grade') ?? '';
  const category = search.get('category') ?? '';
  const status = search.get('status') ?? '';
  const page = Math.max(1, Number(search.get('page') ?? '1') || 1);
  const { data, error, loading, reload } = useApi<Page<Community>>('/communities', {
    grade: grade || undefined,
    category: category || undefined,
    status: status || undefined,
    page,
  });
  const go = (changes: Record<string, string>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes))
      if (v) next.set(k, v);
      else next.delete(k);
    if (!('page' in changes)) next.delete('page');
    const qs = next.toString();
    navigate(qs ? `/communities?${qs}` : '/communities', { replace: true });
  };
  if (isRouteMissing(error))
    return (
      <>
        <PageHeader title={t('communities.title')} />
        <Unavailable />
      </>
    );
  return (
    <>
      <PageHeader
        title={t('communities.title')}
        sub={data ? t('common.pageInfo', { page: data.page, pages: data.pages, total: data.total }) : undefined}
      />
      <div className="filters">
        <label className="inline-field">
          <span>{t('communities.filter.grade')}</span>
          <select name="grade" value={grade} onChange={(e) => go({ grade: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {['leading', 'growing', 'cultivating'].map((g) => (
              <option key={g} value={g}>
                {tv('communities.grade.', g)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t('communities.filter.category')}</span>
          <select name="category" value={category} onChange={(e) => go({ category: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {['I', 'II'].map((c) => (
              <option key={c} value={c}>
                {tv('communities.category.', c)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t('communities.filter.status')}</span>
          <select name="status" value={status} onChange={(e) => go({ status: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {['valid', 'lapsed', 'revoked', 'none'].map((s) => (
              <option key={s} value={s}>
                {tv('communities.status.', s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && <ProblemView error={error} onRetry={reload} />}
      {loading && !data && <Loading />}
      {data && (
        <div className="table-wrap">
          <table className="table" data-testid="communities-table">
            <thead>
              <tr>
                <th>{t('communities.col.name')}</th>
                <th>{t('communities.col.operator')}</th>
                <th className="num">{t('communities.col.area')}</th>
                <th>{t('communities.col.category')}</th>
                <th>{t('communities.col.grade')}</th>
                <th>{t('communities.col.result')}</th>
                <th>{t('communities.col.validity')}</th>
                <th>{t('communities.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/communities/${c.id}`} className="strong">
                      {c.name}
                    </Link>
                  </td>
                  <td>{c.operator}</td>
                  <td className="num">{t('communities.area', { n: integer(c.areaM2) })}</td>
                  <td>{c.category ? tv('communities.category.', c.category) : '—'}</td>
                  <td>
                    {c.grade ? <Badge tone={GRADE_TONE[c.grade] ?? 'gray'}>{tv('communities.grade.', c.grade)}</Badge> : '—'}
                  </td>
                  <td>{(lang === 'zh' ? c.resultText : c.resultTextEn) ?? '—'}</td>
                  <td className="nowrap">
                    {c.validFrom ? t('communities.validUntil', { from: c.validFrom, to: c.lastValidDate ?? '—' }) : '—'}
                  </td>
                  <td>
                    <Badge tone={COMMUNITY_TONE[c.status] ?? 'gray'}>{tv('communities.status.', c.status)}</Badge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.items.length === 0 && <Empty />}
          <Pager page={data.page} pages={data.pages} total={data.total} onPage={(p) => go({ page: String(p) })} />
        </div>
      )}
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
