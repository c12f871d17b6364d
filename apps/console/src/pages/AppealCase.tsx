import { useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../api';
import { hasRole } from '../auth';
import {
  Badge,
  Card,
  DueDate,
  EventType,
  Fields,
  Instant,
  JsonDetails,
  Loading,
  PageHeader,
  ProblemView,
  StatusBadge,
} from '../components';
import { yuan } from '../format';
import { useApi, useSubmission } from '../hooks';
import { useT } from '../lang';
import { Link } from '../router';
import { useSession } from '../session';
import type { CommandReply, HistoryEvent } from '../types';
import { APPEAL_TONE } from './Appeals';

interface CaseView {
  appeal: {
    id: string;
    memberId: string;
    status: 'open' | 'upheld' | 'rejected';
    grounds: string;
    filedDate: string;
    answerDue: { date: string; provisional: boolean };
    overdue: boolean;
    outcome: null | { upheld: boolean; reason: string; decidedDate: string; late: boolean };
  };
  decision: HistoryEvent & { windowEndsDate?: string };
  stateAtDecision: {
    knownUpTo: { position: number; recordedAt: string };
    membership: { name?: string; status?: string; term?: { start: string; end: string } | null; workspace?: string | null };
    discipline: {
      summary: {
        warnings?: number;
        violations?: number;
        openCases?: number;
        fines?: { outstandingFen: number; issuedFen: number };
      };
    };
  };
  ruleSet: {
    id: string;
    version: number;
    effectiveFrom: string;
    clause: null | { clause?: string; title?: string; titleZh?: string; text?: string; textZh?: string; tiers?: unknown[] };
    forcedExit: null | { clause: string; banYears: number };
  };
  learnedSince: HistoryEvent[];
  history: HistoryEvent[];
}

/** The decision's own data, in a few lines an appeal handler reads first (the rest is in the JSON below). */
function decisionFacts(data: Record<string, unknown>, label: (key: string) => string): [string, ReactNode][] {
  const out: [string, ReactNode][] = [];
  const fine = data.fine as { amountFen?: number } | null | undefined;
  for (const key of ['clause', 'tier', 'basis', 'repeatCount', 'decidedDate', 'quarter', 'total', 'option', 'reason'])
    if (data[key] !== undefined && data[key] !== null)
      out.push([label(key), key === 'basis' ? label(`basis.${String(data[key])}`) : String(data[key])]);
  if (fine && typeof fine.amountFen === 'number') out.push([label('fine'), yuan(fine.amountFen)]);
  if (typeof data.amountFen === 'number') out.push([label('amount'), yuan(data.amountFen)]);
  if (data.forcedExit === true) out.push([label('forcedExit'), '✔']);
  return out;
}

function EventList({ events, empty }: { events: HistoryEvent[]; empty: string }) {
  const { t, tv } = useT();
  if (events.length === 0) return <div className="muted">{empty}</div>;
  return (
    <ol className="event-list">
      {events.map((e) => (
        <li key={e.metadata.eventId}>
          <div className="event-line">
            <EventType type={e.type} />
            <span className="muted small">
              <Instant iso={e.metadata.recordedAt} /> · {e.metadata.actor.id} ({tv('role.', e.metadata.actor.role)})
            </span>
          </div>
          <JsonDetails value={e.data} label={t('timeline.data')} />
        </li>
      ))}
    </ol>
  );
}

/** GET /appeals/{id}: the case view side by side, and the handler's decision form. */
export function AppealCasePage({ id }: { id: string }) {
  const { t, tv } = useT();
  const { session } = useSession();
  const [minPosition, setMinPosition] = useState<number | undefined>();
  const { data, error, loading, reload } = useApi<CaseView>(`/appeals/${id}`, { minPosition });
  if (error) return <ProblemView error={error} onRetry={reload} />;
  if (loading && !data) return <Loading />;
  if (!data) return null;
  const { appeal, decision, stateAtDecision: at, ruleSet } = data;
  const clause = ruleSet.clause;
  const canDecide = appeal.status === 'open' && hasRole(session, 'appeal-handler', 'admin');
  const summary = at.discipline.summary;
  return (
    <>
      <PageHeader
        title={
          <>
            {t('case.title')} <Badge tone={APPEAL_TONE[appeal.status]}>{tv('appeals.status.', appeal.status)}</Badge>{' '}
            {appeal.overdue && <Badge tone="red">{t('common.overdue')}</Badge>}
          </>
        }
        sub={
          <span className="mono">
            <Link to="/appeals">{t('nav.appeals')}</Link> / {appeal.id}
          </span>
        }
      />
      <div className="case-grid">
        <Card title={t('case.decision')} className="case-decision">
          <div className="case-event">
            <EventType type={decision.type} />
          </div>
          <Fields
            rows
            items={[
              ...decisionFacts(decision.data, (k) => tv('fact.', k)),
              [t('case.decidedBy'), `${decision.metadata.actor.id} (${tv('role.', decision.metadata.actor.role)})`],
              [t('case.decidedAt'), <Instant iso={decision.metadata.recordedAt} />],
              [t('timeline.ruleSet'), `${decision.metadata.ruleSet.id} v${decision.metadata.ruleSet.version}`],
              ...(decision.windowEndsDate ? ([[t('case.window'), decision.windowEndsDate]] as [string, ReactNode][]) : []),
            ]}
          />
          <JsonDetails value={decision.data} label={t('timeline.data')} />
        </Card>
        <Card title={t('case.stateAtDecision')}>
          <p className="muted small">{t('case.knownUpTo', { position: at.knownUpTo.position })}</p>
          <Fields
            rows
            items={[
              [t('case.member'), <Link to={`/members/${appeal.memberId}`}>{at.membership.name ?? appeal.memberId}</Link>],
              [t('case.status'), <StatusBadge status={at.membership.status} />],
              [t('member.term'), at.membership.term ? `${at.membership.term.start} ~ ${at.membership.term.end}` : '—'],
              [t('case.warnings'), summary.warnings ?? '—'],
              [t('case.violations'), summary.violations ?? '—'],
              [t('case.finesOutstanding'), yuan(summary.fines?.outstandingFen)],
            ]}
          />
        </Card>
        <Card title={t('case.rule')}>
          <p className="muted small">
            {t('case.ruleVersion', { id: ruleSet.id, version: ruleSet.version, from: ruleSet.effectiveFrom })}
          </p>
          {clause ? (
            <>
              <h3 className="clause-title">
                {clause.clause} {clause.titleZh} <span className="muted">{clause.title}</span>
              </h3>
              <blockquote className="rule-text" lang="zh-CN" data-testid="rule-text-zh">
                {clause.textZh}
              </blockquote>
              {clause.text && <p className="muted small">{clause.text}</p>}
              {clause.tiers && <JsonDetails value={clause.tiers} label={t('case.ruleText')} />}
            </>
          ) : (
            <div className="muted">{t('common.none')}</div>
          )}
          {ruleSet.forcedExit && (
            <p className="small">{t('case.ban', { clause: ruleSet.forcedExit.clause, years: ruleSet.forcedExit.banYears })}</p>
          )}
        </Card>
      </div>
      <div className="case-grid">
        <Card title={t('case.appeal')}>
          <Fields
            rows
            items={[
              [t('case.grounds'), <span className="prewrap">{appeal.grounds}</span>],
              [t('case.filed'), appeal.filedDate],
              [t('case.answerDue'), <DueDate date={appeal.answerDue.date} provisional={appeal.answerDue.provisional} />],
              [
                t('case.outcome'),
                appeal.outcome ? (
                  <span data-testid="appeal-outcome">
                    {t('decide.decided', {
                      date: appeal.outcome.decidedDate,
                      outcome: tv('appeals.status.', appeal.outcome.upheld ? 'upheld' : 'rejected'),
                    })}
                    {appeal.outcome.late ? ` (${t('common.late')})` : ''} — {appeal.outcome.reason}
                  </span>
                ) : (
                  '—'
                ),
              ],
            ]}
          />
          {canDecide && <DecideForm id={appeal.id} onDone={setMinPosition} />}
        </Card>
        <Card title={t('case.learnedSince')}>
          <EventList events={data.learnedSince} empty={t('case.nothingSince')} />
        </Card>
        <Card title={t('case.history')}>
          <EventList events={data.history} empty={t('common.none')} />
        </Card>
      </div>
    </>
  );
}

/** POST /appeals/{id}/decision {upheld, reason} (appeal-handler, admin). */
function DecideForm({ id, onDone }: { id: string; onDone: (position: number) => void }) {
  const { t } = useT();
  const [upheld, setUpheld] = useState<'true' | 'false' | ''>('');
  const [reason, setReason] = useState('');
  const sub = useSubmission<CommandReply>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await sub.run((key) =>
      api.post<CommandReply>(`/appeals/${id}/decision`, { upheld: upheld === 'true', reason }, key),
    );
    if (r) onDone(r.position);
  };
  return (
    <form className="form decide-form" onSubmit={submit} data-testid="decide-form">
      <h3>{t('decide.title')}</h3>
      <label className="check">
        <input type="radio" name="upheld" value="true" checked={upheld === 'true'} onChange={() => setUpheld('true')} />{' '}
        {t('decide.upheld')}
      </label>
      <label className="check">
        <input type="radio" name="upheld" value="false" checked={upheld === 'false'} onChange={() => setUpheld('false')} />{' '}
        {t('decide.rejected')}
      </label>
      <label className="form-field">
        <span>{t('decide.reason')}</span>
        <textarea name="reason" rows={3} required value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      {sub.error && <ProblemView error={sub.error} />}
      <button type="submit" className="btn btn-primary" disabled={sub.busy || upheld === ''}>
        {sub.busy ? t('common.submitting') : t('common.submit')}
      </button>
    </form>
  );
}
