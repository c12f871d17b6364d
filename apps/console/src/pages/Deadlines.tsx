import { useMemo } from 'react';
import { Badge, DueDate, ListTable, PageHeader, SelectFilter, YesNoFilter } from '../components';
import { useApi, useMemberNames, useQueryFilters } from '../hooks';
import { useT } from '../lang';
import { Link } from '../router';
import type { Deadline } from '../types';

/** The kinds the API opens today (GET /docs-json lists them as the `kind` enum); others show raw. */
const KINDS = [
  'initial-review',
  'project-evaluation',
  'fee-payment',
  'renewal-reminder',
  'term-end',
  'exit-buffer-end',
  'voluntary-exit',
  'fee-overdue',
  'late-exit',
  'rectification',
  'suspension-end',
  'appeal-answer',
  'reward-delivery',
  'request-response',
  'request-resolution',
  'result-validity',
];

/** Where a deadline's stream is shown in the console. */
function subjectLink(
  d: Deadline,
  names: Map<string, string>,
  words: Record<'appeal' | 'request' | 'evaluation', string>,
): { to: string; label: string } | null {
  const [prefix, ...rest] = d.streamId.split('-');
  const id = rest.join('-');
  const member = d.memberId ? (names.get(d.memberId) ?? `…${d.memberId.slice(-8)}`) : null;
  const kind = (k: string) => (member ? `${member} · ${k}` : `${k} …${id.slice(-8)}`);
  if (d.memberId && (prefix === 'member' || prefix === 'discipline')) return { to: `/members/${d.memberId}`, label: member! };
  if (prefix === 'appeal') return { to: `/appeals/${id}`, label: kind(words.appeal) };
  if (prefix === 'request') return { to: `/requests/${id}`, label: kind(words.request) };
  if (prefix === 'evaluation') return { to: `/evaluations/${id}`, label: kind(words.evaluation) };
  if (d.memberId) return { to: `/members/${d.memberId}`, label: member! };
  return null;
}

/** GET /deadlines?kind=&overdue=&due_before=: soonest first, overdue ones highlighted. */
export function DeadlinesPage() {
  const { t, tv } = useT();
  const {
    values: { kind, overdue, due_before: dueBefore },
    go,
  } = useQueryFilters('/deadlines', { kind: '', overdue: '', due_before: '' });
  const list = useApi<{ items: Deadline[]; total: number }>('/deadlines', {
    kind: kind || undefined,
    overdue: overdue || undefined,
    due_before: dueBefore || undefined,
  });
  const { data } = list;
  const names = useMemberNames();
  const overdueCount = useMemo(() => data?.items.filter((d) => d.overdue).length ?? 0, [data]);
  return (
    <>
      <PageHeader
        title={t('deadlines.title')}
        sub={data ? t('deadlines.summary', { total: data.total, overdue: overdueCount }) : undefined}
      />
      <div className="filters">
        <SelectFilter
          name="kind"
          label="deadlines.filter.kind"
          value={kind}
          values={KINDS}
          labelPrefix="deadline."
          onChange={(v) => go({ kind: v })}
        />
        <YesNoFilter
          name="overdue"
          label="deadlines.filter.overdue"
          value={overdue}
          yes="common.overdue"
          no="deadlines.onTime"
          onChange={(v) => go({ overdue: v })}
        />
        <label className="inline-field">
          <span>{t('deadlines.filter.dueBefore')}</span>
          <input type="date" name="due_before" value={dueBefore} onChange={(e) => go({ due_before: e.target.value })} />
        </label>
      </div>
      <ListTable
        list={list}
        testId="deadlines-table"
        head={
          <>
            <th>{t('deadlines.col.kind')}</th>
            <th>{t('deadlines.col.rule')}</th>
            <th>{t('deadlines.col.subject')}</th>
            <th>{t('deadlines.col.due')}</th>
            <th>{t('deadlines.col.handling')}</th>
            <th>{t('deadlines.col.state')}</th>
          </>
        }
        row={(d) => {
          const link = subjectLink(d, names, {
            appeal: t('nav.appeals'),
            request: t('nav.requests'),
            evaluation: t('evaluation.title'),
          });
          return (
            <tr key={d.id} className={d.overdue ? 'row-overdue' : ''}>
              <td title={d.kind}>{tv('deadline.', d.kind)}</td>
              <td className="mono">{d.rule}</td>
              <td>
                {link ? (
                  <Link to={link.to} title={d.streamId}>
                    {link.label}
                  </Link>
                ) : (
                  <span className="mono muted">{d.streamId}</span>
                )}
              </td>
              <td>
                <DueDate date={d.dueDate} provisional={d.provisional} />
              </td>
              <td className="muted" title={d.action?.command}>
                {d.action ? t('deadlines.scheduler') : t('deadlines.people')}
              </td>
              <td>
                {d.overdue ? <Badge tone="red">{t('common.overdue')}</Badge> : <Badge tone="gray">{t('deadlines.onTime')}</Badge>}
              </td>
            </tr>
          );
        }}
      />
    </>
  );
}
