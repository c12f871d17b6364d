import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { hasRole } from '../auth';
import { Badge, Card, ListTable, PageHeader, ProblemView, type Tone } from '../components';
import { useApi, useSubmission } from '../hooks';
import { useT } from '../lang';
import { useSession } from '../session';

interface Quarter {
  quarter: string;
  status: 'open' | 'publicity' | 'closed';
  scored: number;
  publicity: { openedDate: string; endsDate: string } | null;
  closedDate: string | null;
  eliminated: string[];
  warningList: string[];
}

interface CloseReply {
  position: number;
  closedDate: string;
  cohort: number;
  cut: number;
  eliminated: string[];
  warningList: string[];
}

const TONE: Record<string, Tone> = { open: 'blue', publicity: 'amber', closed: 'gray' };

/** GET /scoring/quarters, and the close (POST /scoring/quarters/{quarter}/close; scorer, admin). */
export function ScoringPage() {
  const { t, tv } = useT();
  const { session } = useSession();
  const [minPosition, setMinPosition] = useState<number | undefined>();
  const quarters = useApi<{ items: Quarter[]; total: number }>('/scoring/quarters', { minPosition });
  return (
    <>
      <PageHeader title={t('scoring.title')} />
      <div className="grid-main-side">
        <div>
          <ListTable
            list={quarters}
            testId="quarters-table"
            head={
              <>
                <th>{t('scoring.col.quarter')}</th>
                <th>{t('scoring.col.status')}</th>
                <th className="num">{t('scoring.col.scored')}</th>
                <th>{t('scoring.col.publicity')}</th>
                <th>{t('scoring.col.closed')}</th>
                <th className="num">{t('scoring.col.eliminated')}</th>
                <th className="num">{t('scoring.col.warningList')}</th>
              </>
            }
            row={(q) => (
              <tr key={q.quarter}>
                <td className="strong mono">{q.quarter}</td>
                <td>
                  <Badge tone={TONE[q.status]}>{tv('scoring.status.', q.status)}</Badge>
                </td>
                <td className="num">{q.scored}</td>
                <td className="nowrap">{q.publicity ? `${q.publicity.openedDate} ~ ${q.publicity.endsDate}` : '—'}</td>
                <td className="nowrap">{q.closedDate ?? '—'}</td>
                <td className="num">{q.eliminated.length}</td>
                <td className="num">{q.warningList.length}</td>
              </tr>
            )}
          />
        </div>
        {hasRole(session, 'scorer', 'admin') && <CloseForm onDone={setMinPosition} />}
      </div>
    </>
  );
}

function CloseForm({ onDone }: { onDone: (position: number) => void }) {
  const { t } = useT();
  const [quarter, setQuarter] = useState('');
  const sub = useSubmission<CloseReply>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const q = quarter.trim().toUpperCase();
    const r = await sub.run((key) => api.post<CloseReply>(`/scoring/quarters/${encodeURIComponent(q)}/close`, {}, key));
    if (r) onDone(r.position);
  };
  return (
    <Card title={t('scoring.close.title')}>
      <form className="form" onSubmit={submit} data-testid="close-quarter-form">
        <p className="muted small">{t('scoring.close.hint')}</p>
        <label className="form-field">
          <span>{t('scoring.close.quarter')}</span>
          <input
            name="quarter"
            required
            pattern="\d{4}[Qq][1-4]"
            value={quarter}
            onChange={(e) => setQuarter(e.target.value)}
            placeholder="2027Q4"
          />
        </label>
        {sub.error && <ProblemView error={sub.error} />}
        {sub.done && (
          <div className="success" role="status">
            {t('scoring.close.done', {
              quarter: quarter.trim().toUpperCase(),
              cohort: sub.done.cohort,
              cut: sub.done.cut,
              eliminated: sub.done.eliminated.length,
              warning: sub.done.warningList.length,
            })}
          </div>
        )}
        <button type="submit" className="btn btn-primary" disabled={sub.busy}>
          {sub.busy ? t('common.submitting') : t('common.submit')}
        </button>
      </form>
    </Card>
  );
}
