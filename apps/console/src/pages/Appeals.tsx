import { Badge, Empty, EventType, Loading, MemberRef, PageHeader, ProblemView, type Tone } from '../components';
import { useApi, useMemberNames } from '../hooks';
import { useT } from '../lang';
import { Link, useRouter } from '../router';
import type { AppealItem } from '../types';

export const APPEAL_TONE: Record<string, Tone> = { open: 'blue', upheld: 'green', rejected: 'gray' };

/** GET /appeals?status=…&overdue=…: open ones first by default, with their answer dates. */
export function AppealsPage() {
  const { t, tv } = useT();
  const { search, navigate } = useRouter();
  const status = search.get('status') ?? 'open';
  const overdue = search.get('overdue') ?? '';
  const { data, error, loading, reload } = useApi<{ items: AppealItem[]; total: number }>('/appeals', {
    status: status === 'all' ? undefined : status,
    overdue: overdue || undefined,
  });
  const names = useMemberNames();
  const go = (next: { status?: string; overdue?: string }) => {
    const q = new URLSearchParams({
      status: next.status ?? status,
      ...((next.overdue ?? overdue) ? { overdue: next.overdue ?? overdue } : {}),
    });
    navigate(`/appeals?${q.toString()}`, { replace: true });
  };
  return (
    <>
      <PageHeader
        title={t('appeals.title')}
        sub={data ? t('common.pageInfo', { page: 1, pages: 1, total: data.total }) : undefined}
      />
      <div className="filters">
        <label className="inline-field">
          <span>{t('appeals.filter.status')}</span>
          <select name="status" value={status} onChange={(e) => go({ status: e.target.value })}>
            <option value="all">{t('common.all')}</option>
            {['open', 'upheld', 'rejected'].map((s) => (
              <option key={s} value={s}>
                {tv('appeals.status.', s)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t('appeals.filter.overdue')}</span>
          <select name="overdue" value={overdue} onChange={(e) => go({ overdue: e.target.value })}>
            <option value="">{t('common.all')}</option>
            <option value="true">{t('common.yes')}</option>
            <option value="false">{t('common.no')}</option>
          </select>
        </label>
      </div>
      {error && <ProblemView error={error} onRetry={reload} />}
      {loading && !data && <Loading />}
      {data && (
        <div className="table-wrap">
          <table className="table" data-testid="appeals-table">
            <thead>
              <tr>
                <th>{t('appeals.col.decision')}</th>
                <th>{t('appeals.col.clause')}</th>
                <th>{t('appeals.col.member')}</th>
                <th>{t('appeals.col.grounds')}</th>
                <th>{t('appeals.col.filed')}</th>
                <th>{t('appeals.col.answerDue')}</th>
                <th>{t('appeals.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((a) => (
                <tr key={a.id} className={a.overdue ? 'row-overdue' : ''}>
                  <td>
                    <Link to={`/appeals/${a.id}`} className="strong">
                      <EventType type={a.decision.type} />
                    </Link>
                  </td>
                  <td className="mono">{a.decision.clause ?? '—'}</td>
                  <td>
                    <MemberRef id={a.memberId} names={names} />
                  </td>
                  <td className="clip" title={a.grounds}>
                    {a.grounds}
                  </td>
                  <td className="nowrap">{a.filedDate}</td>
                  <td className="nowrap">
                    {a.answerDueDate} {a.overdue && <Badge tone="red">{t('common.overdue')}</Badge>}
                  </td>
                  <td>
                    <Badge tone={APPEAL_TONE[a.status]}>{tv('appeals.status.', a.status)}</Badge>
                    {a.outcome?.late && <span className="muted small"> · {t('common.late')}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.items.length === 0 && <Empty />}
        </div>
      )}
    </>
  );
}
