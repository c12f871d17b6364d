import { Badge, Card, Empty, Fields, isRouteMissing, Loading, PageHeader, ProblemView, Unavailable } from '../components';
import { integer } from '../format';
import { useApi } from '../hooks';
import { useT } from '../lang';
import { Link } from '../router';
import { COMMUNITY_TONE, GRADE_TONE, type Community } from './Communities';

interface EvaluationItem {
  id: string;
  status: string;
  openedDate: string;
  catalogueVersion: number;
  experts: number;
  sheets: number;
  outcome: 'graded' | 'vetoed' | null;
  grade: string | null;
  resultText: string | null;
  publishedDate: string | null;
  validUntil: string | null;
}

/** GET /communities/{id} (grade, validity, results) and its evaluations (GET /evaluations?communityId=). */
export function CommunityPage({ id }: { id: string }) {
  const { t, tv, lang } = useT();
  const { data: c, error, loading, reload } = useApi<Community>(`/communities/${id}`);
  const evaluations = useApi<{ items: EvaluationItem[] }>('/evaluations', { communityId: id });
  if (isRouteMissing(error)) return <Unavailable />;
  if (error) return <ProblemView error={error} onRetry={reload} />;
  if (loading || !c) return <Loading />;
  return (
    <>
      <PageHeader
        title={
          <>
            {c.name} <Badge tone={COMMUNITY_TONE[c.status] ?? 'gray'}>{tv('communities.status.', c.status)}</Badge>
          </>
        }
        sub={
          <span className="mono">
            <Link to="/communities">{t('communities.title')}</Link> / {c.id}
          </span>
        }
      />
      <div className="grid-2">
        <Card title={t('communities.col.result')}>
          <div className="result-banner">
            {c.grade ? <Badge tone={GRADE_TONE[c.grade] ?? 'gray'}>{tv('communities.grade.', c.grade)}</Badge> : null}
            <strong data-testid="community-result">
              {(lang === 'zh' ? c.resultText : c.resultTextEn) ?? tv('communities.status.', 'none')}
            </strong>
          </div>
          <Fields
            items={[
              [t('communities.col.operator'), c.operator],
              [t('communities.col.area'), t('communities.area', { n: integer(c.areaM2) })],
              [t('communities.col.category'), c.category ? tv('communities.category.', c.category) : '—'],
              [t('communities.registered'), c.registeredDate],
              [
                t('communities.col.validity'),
                c.validFrom ? t('communities.validUntil', { from: c.validFrom, to: c.lastValidDate ?? '—' }) : '—',
              ],
              ...(c.revocation
                ? ([
                    [
                      t('communities.status.revoked'),
                      t('communities.revoked', { date: c.revocation.revokedDate, reason: c.revocation.reason }),
                    ],
                  ] as [string, string][])
                : []),
              [
                t('communities.conditions'),
                <div className="chips">
                  {Object.entries(c.basicConditions).map(([k, v]) => (
                    <Badge key={k} tone={v ? 'green' : 'red'} title={k}>
                      {v ? '✔' : '✘'} {tv('condition.', k)}
                    </Badge>
                  ))}
                </div>,
              ],
            ]}
          />
        </Card>
        <Card title={t('communities.evaluations')}>
          {evaluations.error && <ProblemView error={evaluations.error} />}
          {evaluations.data && evaluations.data.items.length === 0 && <Empty />}
          {evaluations.data && evaluations.data.items.length > 0 && (
            <table className="table compact">
              <thead>
                <tr>
                  <th>{t('evaluation.opened')}</th>
                  <th>{t('communities.col.status')}</th>
                  <th>{t('communities.col.result')}</th>
                  <th>{t('communities.col.validity')}</th>
                </tr>
              </thead>
              <tbody>
                {evaluations.data.items.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <Link to={`/evaluations/${e.id}`}>{e.openedDate}</Link>
                    </td>
                    <td>{tv('evaluation.status.', e.status)}</td>
                    <td>{e.resultText ?? '—'}</td>
                    <td>{e.validUntil ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
      <Card title={t('communities.results')}>
        {c.results.length === 0 ? (
          <Empty />
        ) : (
          <table className="table compact">
            <thead>
              <tr>
                <th>{t('communities.col.result')}</th>
                <th className="num">{t('evaluation.total')}</th>
                <th>{t('communities.col.validity')}</th>
                <th>{t('communities.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {c.results.map((r) => (
                <tr key={r.evaluationId}>
                  <td>
                    <Link to={`/evaluations/${r.evaluationId}`}>{lang === 'zh' ? r.resultText : r.resultTextEn}</Link>
                  </td>
                  <td className="num" title={r.total.exact}>
                    {r.total.points}
                  </td>
                  <td className="nowrap">
                    {r.validFrom ? t('communities.validUntil', { from: r.validFrom, to: r.lastValidDate ?? '—' }) : '—'}
                  </td>
                  <td>
                    <Badge tone={COMMUNITY_TONE[r.status] ?? 'gray'}>{tv('communities.status.', r.status)}</Badge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
