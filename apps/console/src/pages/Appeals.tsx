import { Badge, EventType, ListTable, MemberRef, PageHeader, SelectFilter, YesNoFilter, type Tone } from '../components';
import { useApi, useMemberNames, useQueryFilters } from '../hooks';
import { useT } from '../lang';
import { Link } from '../router';
import type { AppealItem } from '../types';

export const APPEAL_TONE: Record<string, Tone> = { open: 'blue', upheld: 'green', rejected: 'gray' };

/** GET /appeals?status=…&overdue=…: open ones first by default, with their answer dates. */
export function AppealsPage() {
  const { t, tv } = useT();
  const {
    values: { status, overdue },
    go,
  } = useQueryFilters('/appeals', { status: 'open', overdue: '' });
  const list = useApi<{ items: AppealItem[]; total: number }>('/appeals', {
    status: status === 'all' ? undefined : status,
    overdue: overdue || undefined,
  });
  const { data } = list;
  const names = useMemberNames();
  return (
    <>
      <PageHeader
        title={t('appeals.title')}
        sub={data ? t('common.pageInfo', { page: 1, pages: 1, total: data.total }) : undefined}
      />
      <div className="filters">
        <SelectFilter
          name="status"
          label="appeals.filter.status"
          value={status}
          allValue="all"
          values={['open', 'upheld', 'rejected']}
          labelPrefix="appeals.status."
          onChange={(v) => go({ status: v })}
        />
        {/* The status stays in the URL: without it the list shows the open ones. */}
        <YesNoFilter name="overdue" label="appeals.filter.overdue" value={overdue} onChange={(v) => go({ status, overdue: v })} />
      </div>
      <ListTable
        list={list}
        testId="appeals-table"
        head={
          <>
            <th>{t('appeals.col.decision')}</th>
            <th>{t('appeals.col.clause')}</th>
            <th>{t('appeals.col.member')}</th>
            <th>{t('appeals.col.grounds')}</th>
            <th>{t('appeals.col.filed')}</th>
            <th>{t('appeals.col.answerDue')}</th>
            <th>{t('appeals.col.status')}</th>
          </>
        }
        row={(a) => (
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
        )}
      />
    </>
  );
}
