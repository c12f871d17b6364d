import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { Badge, ListTable, PageHeader, ProblemView, SelectFilter, StatusBadge, YesNoFilter } from '../components';
import { downloadCsv, toCsv } from '../csv';
import { fenToDecimal, yuan } from '../format';
import { useApi, useQueryFilters } from '../hooks';
import type { MessageKey } from '../i18n';
import { useT } from '../lang';
import { Link } from '../router';
import type { Member, Page } from '../types';

const STATUSES = ['applied', 'reviewed', 'approved', 'rejected', 'signed', 'active', 'exiting', 'exited'];
/** Score bands as minScore/maxScore (inclusive). */
const BANDS: Record<string, { label: MessageKey; minScore?: number; maxScore?: number }> = {
  lt60: { label: 'members.band.lt60', maxScore: 59 },
  '60': { label: 'members.band.60', minScore: 60, maxScore: 69 },
  '70': { label: 'members.band.70', minScore: 70, maxScore: 79 },
  '80': { label: 'members.band.80', minScore: 80, maxScore: 89 },
  '90': { label: 'members.band.90', minScore: 90 },
};
const PAGE_SIZE = 50;
/** The API's largest page: the export reads the whole filtered list this many at a time. */
const EXPORT_PAGE_SIZE = 500;

/** The list's filters live in the URL, so a filtered list can be linked to (the dashboard does); an unknown band is none. */
function filtersOf(values: Record<'status' | 'warning' | 'band' | 'name', string>) {
  const band = BANDS[values.band];
  return {
    ...values,
    band: band ? values.band : '',
    query: {
      status: values.status || undefined,
      warning: values.warning || undefined,
      name: values.name || undefined,
      minScore: band?.minScore,
      maxScore: band?.maxScore,
    },
  };
}

export function MembersPage() {
  const { t, tv } = useT();
  const { values, page, go, reset } = useQueryFilters('/members', { status: '', warning: '', band: '', name: '' });
  const f = filtersOf(values);
  const list = useApi<Page<Member>>('/members', { ...f.query, page, pageSize: PAGE_SIZE });
  const { data } = list;
  const [name, setName] = useState(f.name);
  const [exporting, setExporting] = useState<string | null>(null);
  const [exportError, setExportError] = useState<ApiError | null>(null);

  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    go({ name: name.trim() });
  };

  /** Every page of the filtered list, 500 at a time, into one CSV (UTF-8 with BOM, quoted), offered as a download. */
  const exportCsv = async () => {
    setExportError(null);
    try {
      const rows: Member[] = [];
      let page = 1;
      let pages = 1;
      do {
        const r = await api.get<Page<Member>>('/members', { ...f.query, page, pageSize: EXPORT_PAGE_SIZE });
        rows.push(...r.items);
        pages = r.pages;
        setExporting(t('members.exporting', { done: rows.length, total: r.total }));
        page++;
      } while (page <= pages);
      const header = [
        t('members.col.id'),
        t('members.col.name'),
        t('members.col.status'),
        t('members.col.type'),
        t('members.col.direction'),
        t('members.col.termStart'),
        t('members.col.termEnd'),
        t('members.col.warnings'),
        t('members.col.violations'),
        t('members.col.finesOutstanding'),
        t('members.col.latestScore'),
        t('members.col.warningList'),
        t('members.col.workspace'),
        t('members.col.exitKind'),
      ];
      const csv = toCsv(
        header,
        rows.map((m) => [
          m.id,
          m.name,
          tv('status.', m.status),
          m.applicantType ? tv('applicantType.', m.applicantType) : '',
          m.direction ? tv('direction.', m.direction) : '',
          m.term?.start ?? '',
          m.term?.end ?? '',
          m.warnings,
          m.violations,
          fenToDecimal(m.fines.outstandingFen),
          m.latestScore ?? '',
          m.onWarningList ? t('common.yes') : t('common.no'),
          m.workspace ?? '',
          m.exitKind ? tv('exitKind.', m.exitKind) : '',
        ]),
      );
      downloadCsv(`members-${new Date().toISOString().slice(0, 10)}.csv`, csv);
      setExporting(t('members.exported', { n: rows.length }));
    } catch (e) {
      setExporting(null);
      setExportError(e instanceof ApiError ? e : new ApiError(0, { code: 'NETWORK' }));
    }
  };

  return (
    <>
      <PageHeader
        title={t('members.title')}
        sub={data ? t('common.pageInfo', { page: data.page, pages: data.pages, total: data.total }) : undefined}
        actions={
          <>
            {exporting && (
              <span className="muted" data-testid="export-status">
                {exporting}
              </span>
            )}
            <button type="button" className="btn" data-testid="export-csv" onClick={exportCsv}>
              ⤓ {t('members.export')}
            </button>
          </>
        }
      />
      <form className="filters" onSubmit={onSearch}>
        <SelectFilter
          name="status"
          label="members.filter.status"
          value={f.status}
          values={STATUSES}
          labelPrefix="status."
          onChange={(v) => go({ status: v })}
        />
        <YesNoFilter
          name="warning"
          label="members.filter.warning"
          value={f.warning}
          yes="members.filter.warningOn"
          no="members.filter.warningOff"
          onChange={(v) => go({ warning: v })}
        />
        <SelectFilter
          name="band"
          label="members.filter.band"
          value={f.band}
          options={Object.entries(BANDS).map(([k, b]) => [k, b.label] as const)}
          onChange={(v) => go({ band: v })}
        />
        <label className="inline-field grow">
          <span>{t('members.filter.name')}</span>
          <input
            name="name"
            type="search"
            value={name}
            placeholder={t('members.filter.namePlaceholder')}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <button type="submit" className="btn btn-primary">
          {t('common.search')}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => {
            setName('');
            reset();
          }}
        >
          {t('common.reset')}
        </button>
      </form>
      {exportError && <ProblemView error={exportError} />}
      <ListTable
        list={list}
        testId="members-table"
        staleWhileLoading
        onPage={(p) => go({ page: String(p) })}
        head={
          <>
            <th>{t('members.col.name')}</th>
            <th>{t('members.col.status')}</th>
            <th>{t('members.col.type')}</th>
            <th>{t('members.col.direction')}</th>
            <th>{t('members.col.term')}</th>
            <th className="num">{t('members.col.warnings')}</th>
            <th className="num">{t('members.col.finesOutstanding')}</th>
            <th className="num">{t('members.col.latestScore')}</th>
            <th>{t('members.col.warningList')}</th>
            <th>{t('members.col.workspace')}</th>
          </>
        }
        row={(m) => (
          <tr key={m.id}>
            <td>
              <Link to={`/members/${m.id}`} className="strong" title={m.id}>
                {m.name}
              </Link>
            </td>
            <td>
              <StatusBadge status={m.status} />
              {m.exitKind && <div className="muted small">{tv('exitKind.', m.exitKind)}</div>}
            </td>
            <td>{m.applicantType ? tv('applicantType.', m.applicantType) : '—'}</td>
            <td>{m.direction ? tv('direction.', m.direction) : '—'}</td>
            <td className="nowrap">{m.term ? `${m.term.start} ~ ${m.term.end}` : '—'}</td>
            <td className="num">{m.warnings}</td>
            <td className={`num ${m.fines.outstandingFen > 0 ? 'text-amber' : ''}`}>{yuan(m.fines.outstandingFen)}</td>
            <td className="num">{m.latestScore ?? '—'}</td>
            <td>{m.onWarningList ? <Badge tone="amber">{t('members.filter.warningOn')}</Badge> : ''}</td>
            <td>{m.workspace ?? '—'}</td>
          </tr>
        )}
      />
    </>
  );
}
