import {
  Badge,
  DueDate,
  isRouteMissing,
  ListTable,
  MemberRef,
  PageHeader,
  RouteUnavailable,
  SelectFilter,
  YesNoFilter,
  type Tone,
} from '../components';
import { useApi, useMemberNames, useQueryFilters } from '../hooks';
import { useT } from '../lang';
import { Link } from '../router';
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
  const {
    values: { status, breached },
    page,
    go,
  } = useQueryFilters('/requests', { status: '', breached: '' });
  const list = useApi<Page<ServiceRequest>>('/requests', {
    status: status || undefined,
    breached: breached || undefined,
    page,
  });
  const { data, error } = list;
  const names = useMemberNames();
  if (isRouteMissing(error)) return <RouteUnavailable title={t('requests.title')} />;
  return (
    <>
      <PageHeader
        title={t('requests.title')}
        sub={data ? t('common.pageInfo', { page: data.page, pages: data.pages, total: data.total }) : undefined}
      />
      <div className="filters">
        <SelectFilter
          name="status"
          label="requests.filter.status"
          value={status}
          values={['open', 'responded', 'resolved']}
          labelPrefix="requests.status."
          onChange={(v) => go({ status: v })}
        />
        <YesNoFilter name="breached" label="requests.filter.breached" value={breached} onChange={(v) => go({ breached: v })} />
      </div>
      <ListTable
        list={list}
        testId="requests-table"
        onPage={(p) => go({ page: String(p) })}
        head={
          <>
            <th>{t('requests.col.subject')}</th>
            <th>{t('requests.col.kind')}</th>
            <th>{t('requests.col.member')}</th>
            <th>{t('requests.col.filed')}</th>
            <th>{t('requests.col.responseDue')}</th>
            <th>{t('requests.col.resolutionDue')}</th>
            <th>{t('requests.col.status')}</th>
            <th>{t('requests.col.breaches')}</th>
          </>
        }
        row={(r) => (
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
        )}
      />
    </>
  );
}
