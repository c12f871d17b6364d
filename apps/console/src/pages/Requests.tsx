import {
  Badge,
  DueDate,
  Empty,
  isRouteMissing,
  Loading,
  MemberRef,
  PageHeader,
  Pager,
  ProblemView,
  Unavailable,
  type Tone,
} from '../components';
import { useApi, useMemberNames } from '../hooks';
import { useT } from '../lang';
import { Link, useRouter } from '../router';
import type { DueDate as Due, Page } from '../types';

export interface ServiceRequest {
  id: string;
  memberId: string;
  kind: 'request' | 'complaint';
  subject: string;
  text: string;
  status: 'open' | 'responded' | 'resolved';
  filedDate: string;
  responseDue: Due;
  resolutionDue: Due;
  response: { text: string; date: string; late: boolean } | null;
  resolution: { text: string; date: string; late: boolean } | null;
  breaches: { kind: 'response' | 'resolution'; dueDate: string; breachedDate: string; rule: string }[];
  breached: boolean;
}

export const REQUEST_TONE: Record<string, Tone> = { open: 'blue', responded: 'amber', resolved: 'green' };

/** GET /requests?status=&breached=&page=: service requests and complaints (M-SVC-1). */
export function RequestsPage() {
  const { t, tv } = useT();
  const { search, navigate } = useRouter();
  const status = search.get('status') ?? '';
  const breached = search.get('breached') ?? '';
  const page = Math.max(1, Number(search.get('page') ?? '1') || 1);
  const { data, error, loading, reload } = useApi<Page<ServiceRequest>>('/requests', {
    status: status || undefined,
    breached: breached || undefined,
    page,
  });
  const names = useMemberNames();
  const go = (changes: Record<string, string>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes))
      if (v) next.set(k, v);
      else next.delete(k);
    if (!('page' in changes)) next.delete('page');
    const qs = next.toString();
    navigate(qs ? `/requests?${qs}` : '/requests', { replace: true });
  };
  if (isRouteMissing(error))
    return (
      <>
        <PageHeader title={t('requests.title')} />
        <Unavailable />
      </>
    );
  return (
    <>
      <PageHeader
        title={t('requests.title')}
        sub={data ? t('common.pageInfo', { page: data.page, pages: data.pages, total: data.total }) : undefined}
      />
      <div className="filters">
        <label className="inline-field">
          <span>{t('requests.filter.status')}</span>
          <select name="status" value={status} onChange={(e) => go({ status: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {['open', 'responded', 'resolved'].map((s) => (
              <option key={s} value={s}>
                {tv('requests.status.', s)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t('requests.filter.breached')}</span>
          <select name="breached" value={breached} onChange={(e) => go({ breached: e.target.value })}>
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
          <table className="table" data-testid="requests-table">
            <thead>
              <tr>
                <th>{t('requests.col.subject')}</th>
                <th>{t('requests.col.kind')}</th>
                <th>{t('requests.col.member')}</th>
                <th>{t('requests.col.filed')}</th>
                <th>{t('requests.col.responseDue')}</th>
                <th>{t('requests.col.resolutionDue')}</th>
                <th>{t('requests.col.status')}</th>
                <th>{t('requests.col.breaches')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => (
                <tr key={r.id} className={r.breached && r.status !== 'resolved' ? 'row-overdue' : ''}>
                  <td>
                    <Link to={`/requests/${r.id}`} className="strong">
                      {r.subject}
                    </Link>
                  </td>
                  <td>
                    <Badge tone={r.kind === 'complaint' ? 'purple' : 'gray'}>{tv('requests.kind.', r.kind)}</Badge>
                  </td>
                  <td>
                    <MemberRef id={r.memberId} names={names} />
                  </td>
                  <td className="nowrap">{r.filedDate}</td>
                  <td>
                    <DueDate date={r.responseDue.date} provisional={r.responseDue.provisional} />
                  </td>
                  <td>
                    <DueDate date={r.resolutionDue.date} provisional={r.resolutionDue.provisional} />
                  </td>
                  <td>
                    <Badge tone={REQUEST_TONE[r.status]}>{tv('requests.status.', r.status)}</Badge>
                  </td>
                  <td>
                    {r.breaches.map((b) => (
                      <Badge key={b.kind} tone="red" title={`${b.rule} · ${b.dueDate}`}>
                        {tv('requests.breach.', b.kind)}
                      </Badge>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.items.length === 0 && <Empty />}
          <Pager page={data.page} pages={data.pages} total={data.total} onPage={(p) => go({ page: String(p) })} />
        </div>
      )}
    </>
  );
}
