import { useMemo, type ReactNode } from 'react';
import { EChart, type ChartOption } from '../charts';
import { Card, isRouteMissing, Loading, PageHeader, ProblemView, Unavailable } from '../components';
import { beijing, integer, yuan } from '../format';
import { useApi } from '../hooks';
import { useT } from '../lang';
import { Link, useRouter } from '../router';

/** GET /dashboard/summary, as the contract gives it. */
export interface Summary {
  date: string;
  asOf: null | { date: string; recordedBy: string; eventsFolded: number };
  position: number;
  members: {
    total: number;
    byStatus: Record<string, number>;
    exitedByKind: Record<string, number>;
    scoreBands: { from: number; to: number | null; count: number }[];
    unscored: number;
    warningList: number;
  };
  deadlines: {
    overdue: { total: number; byKind: Record<string, number> };
    dueThisWeek: { total: number; byKind: Record<string, number> };
    next30Days: { date: string; count: number }[];
  };
  fines: {
    issuedFen: number;
    paidFen: number;
    outstandingFen: number;
    byMonth: { month: string; issuedFen: number; paidFen: number }[];
  };
  rewards: { inPublicity: number; awaitingDelivery: number; deliveryOverdue: number; delivered: number };
  appeals: { open: number; overdue: number };
  requests: { open: number; breaches: { thisMonth: number; thisQuarter: number } };
  communities: {
    total: number;
    byCategory: Record<string, number>;
    byGrade: Record<string, number>;
    expiringWithin60Days: number;
  };
}

const STATUSES = ['applied', 'reviewed', 'approved', 'rejected', 'signed', 'active', 'exiting', 'exited'];
/** The statuses' colours, as their badges (styles.css). */
const STATUS_COLOR: Record<string, string> = {
  applied: '#3b82f6',
  reviewed: '#6366f1',
  approved: '#14b8a6',
  rejected: '#ef4444',
  signed: '#0891b2',
  active: '#16a34a',
  exiting: '#f59e0b',
  exited: '#94a3b8',
};

function Tile({
  id,
  label,
  value,
  sub,
  tone,
  to,
}: {
  id: string;
  label: string;
  value: string;
  sub?: ReactNode;
  tone?: 'red' | 'amber' | 'green';
  to?: string;
}) {
  const body = (
    <>
      <div className="tile-label">{label}</div>
      <div className="tile-value" data-testid={`tile-${id}`}>
        {value}
      </div>
      {sub && <div className="tile-sub">{sub}</div>}
    </>
  );
  return <div className={`tile ${tone ? `tile-${tone}` : ''}`}>{to ? <Link to={to}>{body}</Link> : body}</div>;
}

export function DashboardPage() {
  const { t, tv } = useT();
  const { search, navigate } = useRouter();
  const asOf = search.get('asOf') ?? '';
  const { data, error, loading, reload } = useApi<Summary>('/dashboard/summary', { asOf: asOf || undefined });
  const setAsOf = (value: string) => navigate(value ? `/?asOf=${value}` : '/', { replace: true });

  const charts = useMemo(() => {
    if (!data) return null;
    const byStatus: ChartOption = {
      grid: { left: 40, right: 16, top: 16, bottom: 40 },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      xAxis: { type: 'category', data: STATUSES.map((s) => tv('status.', s)), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('dash.series.members'),
          type: 'bar',
          barMaxWidth: 36,
          data: STATUSES.map((s) => ({ value: data.members.byStatus[s] ?? 0, itemStyle: { color: STATUS_COLOR[s] } })),
          label: { show: true, position: 'top' },
        },
      ],
    };
    const bandLabel = (b: { from: number; to: number | null }) =>
      b.to === null ? t('dash.bandFrom', { from: b.from }) : t('dash.band', { from: b.from, to: b.to });
    const bands: ChartOption = {
      grid: { left: 40, right: 16, top: 16, bottom: 40 },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      xAxis: { type: 'category', data: data.members.scoreBands.map(bandLabel), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('dash.series.members'),
          type: 'bar',
          barMaxWidth: 48,
          data: data.members.scoreBands.map((b) => ({
            value: b.count,
            itemStyle: { color: b.from < 60 ? '#dc2626' : b.from < 70 ? '#f59e0b' : '#16a34a' },
          })),
          label: { show: true, position: 'top' },
        },
      ],
    };
    const deadlines: ChartOption = {
      grid: { left: 40, right: 16, top: 16, bottom: 40 },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      xAxis: { type: 'category', data: data.deadlines.next30Days.map((d) => d.date.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: t('dash.series.due'), type: 'bar', barMaxWidth: 18, data: data.deadlines.next30Days.map((d) => d.count) }],
    };
    const money = (v: unknown) => yuan(Math.round(Number(v) * 100));
    const fines: ChartOption = {
      grid: { left: 64, right: 16, top: 36, bottom: 40 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', renderMode: 'richText', valueFormatter: money },
      xAxis: { type: 'category', data: data.fines.byMonth.map((m) => m.month) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `¥${v.toLocaleString('en-US')}` } },
      series: [
        // Display only: one fen figure divided by 100 for the axis; amounts shown as text come from yuan().
        { name: t('dash.series.issued'), type: 'bar', barMaxWidth: 18, data: data.fines.byMonth.map((m) => m.issuedFen / 100) },
        { name: t('dash.series.paid'), type: 'bar', barMaxWidth: 18, data: data.fines.byMonth.map((m) => m.paidFen / 100) },
      ],
    };
    return { byStatus, bands, deadlines, fines };
  }, [data, t, tv]);

  const picker = (
    <div className="toolbar">
      <label className="inline-field" title={t('dash.asOfHint')}>
        <span>{t('dash.asOf')}</span>
        <input type="date" data-testid="asof-date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
      </label>
      <button type="button" className="btn" disabled={!asOf} onClick={() => setAsOf('')}>
        {t('dash.today')}
      </button>
    </div>
  );

  return (
    <>
      <PageHeader
        title={t('dash.title')}
        sub={
          data &&
          (data.asOf ? (
            <span data-testid="asof-line">
              {t('dash.asOfLine', { date: data.asOf.date, recordedBy: beijing(data.asOf.recordedBy), n: data.asOf.eventsFolded })}
            </span>
          ) : (
            <span>
              {t('dash.dateLine', { date: data.date })} · {t('dash.position', { n: data.position })}
            </span>
          ))
        }
        actions={picker}
      />
      {loading && !data && <Loading />}
      {error &&
        (isRouteMissing(error) ? (
          <Unavailable>{t('dash.unavailable')}</Unavailable>
        ) : (
          <ProblemView error={error} onRetry={reload} />
        ))}
      {data && charts && (
        <div className={loading ? 'stale' : ''}>
          <div className="tiles">
            <Tile id="members-total" label={t('dash.membersTotal')} value={integer(data.members.total)} to="/members" />
            <Tile
              id="members-active"
              label={t('dash.active')}
              value={integer(data.members.byStatus.active ?? 0)}
              tone="green"
              to="/members?status=active"
            />
            <Tile
              id="warning-list"
              label={t('dash.warningList')}
              value={integer(data.members.warningList)}
              tone={data.members.warningList > 0 ? 'amber' : undefined}
              to="/members?warning=true"
              sub={`${t('dash.unscored')} ${integer(data.members.unscored)}`}
            />
            <Tile
              id="deadlines-overdue"
              label={t('dash.overdue')}
              value={integer(data.deadlines.overdue.total)}
              tone={data.deadlines.overdue.total > 0 ? 'red' : undefined}
              to="/deadlines?overdue=true"
              sub={`${t('dash.dueThisWeek')} ${integer(data.deadlines.dueThisWeek.total)}`}
            />
            <Tile
              id="fines-outstanding"
              label={t('dash.finesOutstanding')}
              value={yuan(data.fines.outstandingFen)}
              tone={data.fines.outstandingFen > 0 ? 'amber' : undefined}
              sub={
                <>
                  {t('member.finesIssued')} <span data-testid="fines-issued">{yuan(data.fines.issuedFen)}</span> ·{' '}
                  {t('member.finesPaid')} <span data-testid="fines-paid">{yuan(data.fines.paidFen)}</span>
                </>
              }
            />
            <Tile
              id="appeals-open"
              label={t('dash.appealsOpen')}
              value={integer(data.appeals.open)}
              tone={data.appeals.overdue > 0 ? 'red' : undefined}
              to="/appeals"
              sub={
                <>
                  {t('dash.appealsOverdue')} <span data-testid="appeals-overdue">{integer(data.appeals.overdue)}</span>
                </>
              }
            />
            <Tile
              id="requests-open"
              label={t('dash.requestsOpen')}
              value={integer(data.requests.open)}
              to="/requests"
              sub={
                <>
                  {t('dash.breachesThisMonth')} {integer(data.requests.breaches.thisMonth)} · {t('dash.breachesThisQuarter')}{' '}
                  {integer(data.requests.breaches.thisQuarter)}
                </>
              }
            />
            <Tile
              id="communities-total"
              label={t('dash.communitiesTotal')}
              value={integer(data.communities.total)}
              to="/communities"
              sub={`${t('dash.expiring60')} ${integer(data.communities.expiringWithin60Days)}`}
            />
          </div>
          <div className="grid-2">
            <Card title={t('dash.chart.byStatus')}>
              <EChart option={charts.byStatus} label={t('dash.chart.byStatus')} />
            </Card>
            <Card title={t('dash.chart.scoreBands')}>
              <EChart option={charts.bands} label={t('dash.chart.scoreBands')} />
            </Card>
            <Card title={t('dash.chart.deadlines')}>
              <EChart option={charts.deadlines} label={t('dash.chart.deadlines')} />
            </Card>
            <Card title={t('dash.chart.fines')}>
              <EChart option={charts.fines} label={t('dash.chart.fines')} />
            </Card>
          </div>
          <div className="grid-3">
            <Card title={`${t('dash.overdue')} · ${t('dash.byKind')}`}>
              <KindList counts={data.deadlines.overdue.byKind} prefix="deadline." />
            </Card>
            <Card title={`${t('dash.dueThisWeek')} · ${t('dash.byKind')}`}>
              <KindList counts={data.deadlines.dueThisWeek.byKind} prefix="deadline." />
            </Card>
            <Card title={t('dash.rewards')}>
              <KindList
                counts={{
                  [t('dash.rewardsInPublicity')]: data.rewards.inPublicity,
                  [t('dash.rewardsAwaitingDelivery')]: data.rewards.awaitingDelivery,
                  [t('dash.rewardsDeliveryOverdue')]: data.rewards.deliveryOverdue,
                  [t('dash.rewardsDelivered')]: data.rewards.delivered,
                }}
              />
            </Card>
            <Card title={t('dash.exited')}>
              <KindList counts={data.members.exitedByKind} prefix="exitKind." />
            </Card>
            <Card title={t('dash.chart.byGrade')}>
              <KindList counts={data.communities.byGrade} prefix="communities.grade." />
            </Card>
            <Card title={t('communities.col.category')}>
              <KindList counts={data.communities.byCategory} prefix="communities.category." />
            </Card>
          </div>
        </div>
      )}
    </>
  );
}

/** Counts by kind, in words, largest first. */
function KindList({ counts, prefix }: { counts: Record<string, number>; prefix?: string }) {
  const { t, tv } = useT();
  const entries = Object.entries(counts);
  if (entries.length === 0) return <div className="muted">{t('common.none')}</div>;
  return (
    <ul className="kind-list">
      {entries.map(([k, n]) => (
        <li key={k}>
          <span title={k}>{prefix ? tv(prefix, k) : k}</span>
          <strong>{integer(n)}</strong>
        </li>
      ))}
    </ul>
  );
}
