import { useMemo, type ReactNode } from 'react';
import { EChart, type ChartOption } from '../charts';
import { Badge, Card, Fields, isRouteMissing, Loading, PageHeader, ProblemView, Unavailable } from '../components';
import { useApi } from '../hooks';
import { useT } from '../lang';
import { Link } from '../router';

interface Score {
  points: number;
  exact: string;
}

interface EvaluationView {
  id: string;
  communityId: string;
  community: { name?: string };
  category: string;
  status: string;
  openedDate: string;
  catalogue: { id: string; version: number; title: string; titleZh: string };
  experts: {
    expertId: string;
    assignedDate: string;
    declaredDate: string | null;
    recusedDate: string | null;
    sheetSubmitted: boolean;
  }[];
  sheets: {
    expertId: string;
    submittedDate: string;
    counts: boolean;
    counted: {
      byDimension: { dimension: string; points: number }[];
      base: number;
      bonus: number;
      total: number;
      zeroedForNoEvidence: string[];
    };
    vetoes: { item: string; reason: string }[];
  }[];
  panel: null | {
    closedDate: string;
    method: string;
    counted: string[];
    base: Score;
    bonus: Score;
    total: Score;
    byDimension: { dimension: string; name: string; nameZh: string; weight: number; score: Score }[];
    vetoes: { expertId: string; item: string; reason: string }[];
    outcome: 'graded' | 'vetoed';
    grade: string | null;
  };
  publicity: null | { resultText: string; resultTextEn: string };
  evidence: unknown[];
}

/** GET /evaluations/{id}: the panel's per-dimension breakdown as a radar, and each expert's sheet. */
export function EvaluationPage({ id }: { id: string }) {
  const { t, tv, lang } = useT();
  const { data, error, loading, reload } = useApi<EvaluationView>(`/evaluations/${id}`);
  const radar = useMemo<ChartOption | null>(() => {
    const p = data?.panel;
    if (!p) return null;
    const name = (d: { name: string; nameZh: string }) => (lang === 'zh' ? d.nameZh || d.name : d.name);
    return {
      legend: { bottom: 0 },
      tooltip: { trigger: 'item', renderMode: 'richText' },
      radar: {
        indicator: p.byDimension.map((d) => ({ name: `${name(d)}\n${d.score.points} / ${d.weight}`, max: d.weight })),
        radius: '62%',
        axisName: { color: '#334155' },
      },
      series: [
        {
          type: 'radar',
          data: [
            { name: t('evaluation.score'), value: p.byDimension.map((d) => d.score.points), areaStyle: { opacity: 0.25 } },
            {
              name: t('evaluation.weight'),
              value: p.byDimension.map((d) => d.weight),
              lineStyle: { type: 'dashed' },
              symbol: 'none',
            },
          ],
        },
      ],
    };
  }, [data, lang, t]);
  if (isRouteMissing(error)) return <Unavailable />;
  if (error) return <ProblemView error={error} onRetry={reload} />;
  if (loading || !data) return <Loading />;
  const p = data.panel;
  const dims = p?.byDimension ?? [];
  return (
    <>
      <PageHeader
        title={
          <>
            {data.community.name ?? t('evaluation.title')} <Badge tone="blue">{tv('evaluation.status.', data.status)}</Badge>
          </>
        }
        sub={
          <span className="mono">
            <Link to={`/communities/${data.communityId}`}>{data.community.name ?? data.communityId}</Link> / {data.id}
          </span>
        }
      />
      <div className="grid-2">
        <Card title={t('evaluation.byDimension')}>
          {radar ? (
            <EChart option={radar} height={360} label={t('evaluation.byDimension')} />
          ) : (
            <div className="muted">{t('evaluation.noPanel')}</div>
          )}
        </Card>
        <Card title={t('evaluation.panel')}>
          <Fields
            items={[
              [
                t('evaluation.catalogue'),
                `${lang === 'zh' ? data.catalogue.titleZh : data.catalogue.title} v${data.catalogue.version}`,
              ],
              [t('evaluation.opened'), data.openedDate],
              [t('communities.col.category'), tv('communities.category.', data.category)],
              ...(p
                ? ([
                    [t('evaluation.total'), <strong title={p.total.exact}>{p.total.points}</strong>],
                    [t('evaluation.base'), p.base.points],
                    [t('evaluation.bonus'), p.bonus.points],
                    [
                      t('communities.col.grade'),
                      p.grade ? tv('communities.grade.', p.grade) : tv('evaluation.outcome.', p.outcome),
                    ],
                    [t('evaluation.methodLabel'), <span title={p.counted.join(', ')}>{tv('evaluation.method.', p.method)}</span>],
                  ] as [string, ReactNode][])
                : []),
              ...(data.publicity
                ? ([[t('communities.col.result'), lang === 'zh' ? data.publicity.resultText : data.publicity.resultTextEn]] as [
                    string,
                    string,
                  ][])
                : []),
            ]}
          />
          {dims.length > 0 && (
            <table className="table compact">
              <thead>
                <tr>
                  <th>{t('evaluation.dimension')}</th>
                  <th className="num">{t('evaluation.score')}</th>
                  <th className="num">{t('evaluation.weight')}</th>
                </tr>
              </thead>
              <tbody>
                {dims.map((d) => (
                  <tr key={d.dimension}>
                    <td>{lang === 'zh' ? d.nameZh || d.name : d.name}</td>
                    <td className="num" title={d.score.exact}>
                      {d.score.points}
                    </td>
                    <td className="num">{d.weight}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
      <Card title={t('evaluation.sheets')}>
        <div className="table-wrap">
          <table className="table compact" data-testid="sheets-table">
            <thead>
              <tr>
                <th>{t('evaluation.expert')}</th>
                <th>{t('evaluation.submitted')}</th>
                {dims.map((d) => (
                  <th key={d.dimension} className="num">
                    {lang === 'zh' ? d.nameZh || d.name : d.name}
                  </th>
                ))}
                <th className="num">{t('evaluation.bonus')}</th>
                <th className="num">{t('evaluation.total')}</th>
                <th>{t('evaluation.counts')}</th>
                <th>{t('evaluation.vetoes')}</th>
              </tr>
            </thead>
            <tbody>
              {data.sheets.map((s) => (
                <tr key={s.expertId}>
                  <td className="mono">{s.expertId}</td>
                  <td>{s.submittedDate}</td>
                  {dims.map((d) => (
                    <td key={d.dimension} className="num">
                      {s.counted.byDimension.find((x) => x.dimension === d.dimension)?.points ?? '—'}
                    </td>
                  ))}
                  <td className="num">{s.counted.bonus}</td>
                  <td className="num strong">{s.counted.total}</td>
                  <td>{s.counts && (!p || p.counted.includes(s.expertId)) ? t('common.yes') : t('common.no')}</td>
                  <td>{s.vetoes.length === 0 ? '—' : s.vetoes.map((v) => `${v.item}: ${v.reason}`).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}
