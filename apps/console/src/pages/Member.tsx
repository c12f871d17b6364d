import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../api';
import { hasRole } from '../auth';
import {
  Badge,
  Card,
  DueDate,
  EventType,
  Fields,
  Instant,
  isRouteMissing,
  JsonDetails,
  Loading,
  PageHeader,
  ProblemView,
  StatusBadge,
  type Tone,
} from '../components';
import { beijing, beijingInputToInstant, beijingNowInput, parseYuanToFen, yuan } from '../format';
import { useApi, useSubmission } from '../hooks';
import { useT, type Translator } from '../lang';
import { Link } from '../router';
import { useSession } from '../session';
import { fromHistory, isAppealable } from '../timeline';
import type { HistoryEvent, Member, TimelineEvent } from '../types';

const KIND_TONE: Record<string, Tone> = {
  membership: 'blue',
  discipline: 'red',
  scoring: 'purple',
  reward: 'green',
  volunteer: 'teal',
  appeal: 'amber',
  request: 'gray',
};

/** The member's timeline: GET /members/{id}/timeline, or /history while the timeline route is not served. */
function useTimeline(id: string, tick: number) {
  const [state, setState] = useState<{ events: TimelineEvent[] | null; fallback: boolean; error: ApiError | null }>({
    events: null,
    fallback: false,
    error: null,
  });
  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const r = await api.get<{ events: TimelineEvent[] }>(`/members/${id}/timeline`);
        if (live) setState({ events: r.events, fallback: false, error: null });
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        if (!isRouteMissing(e)) return live && setState({ events: null, fallback: false, error: e });
        try {
          const h = await api.get<{ events: HistoryEvent[] }>(`/members/${id}/history`);
          if (live) setState({ events: h.events.map(fromHistory), fallback: true, error: null });
        } catch (e2) {
          if (live && e2 instanceof ApiError) setState({ events: null, fallback: true, error: e2 });
        }
      }
    })();
    return () => {
      live = false;
    };
  }, [id, tick]);
  return state;
}

export function MemberPage({ id }: { id: string }) {
  const { t } = useT();
  const { session } = useSession();
  const [minPosition, setMinPosition] = useState<number | undefined>(undefined);
  const [tick, setTick] = useState(0);
  const member = useApi<Member>(`/members/${id}`, { minPosition });
  const timeline = useTimeline(id, tick);
  const [selected, setSelected] = useState<number | null>(null);
  const [appealPick, setAppealPick] = useState<string>('');
  const events = timeline.events;
  const index = events && events.length > 0 ? Math.min(selected ?? events.length - 1, events.length - 1) : null;

  /** After a command: read the member at least at the reply's position, and the timeline again. */
  const refresh = (position: number) => {
    setMinPosition(position);
    setSelected(null);
    setTick((n) => n + 1);
  };

  // Keep the event the slider stands on in view inside the scrolling timeline (not the whole page).
  const timelineRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const list = timelineRef.current;
    const item = list?.querySelector<HTMLElement>('.timeline-item.selected');
    const frame = list?.parentElement;
    if (!item || !frame) return;
    const top = item.getBoundingClientRect().top - frame.getBoundingClientRect().top + frame.scrollTop;
    if (top < frame.scrollTop || top + item.offsetHeight > frame.scrollTop + frame.clientHeight)
      frame.scrollTop = Math.max(0, top - frame.clientHeight / 3);
  }, [index]);

  const m = member.data;
  const canRecordViolation = hasRole(session, 'officer', 'admin');
  const canAppeal = hasRole(session, 'officer', 'admin') || (session?.memberId === id && hasRole(session, 'member'));
  const appealable = (events ?? []).filter(isAppealable);

  return (
    <>
      <PageHeader
        title={
          <>
            {m?.name ?? t('member.title')} {m && <StatusBadge status={m.status} />}
          </>
        }
        sub={
          <span className="mono">
            <Link to="/members">{t('nav.members')}</Link> / {id}
          </span>
        }
      />
      {member.error && <ProblemView error={member.error} onRetry={member.reload} />}
      {member.loading && !m && <Loading />}
      {m && <MemberState m={m} />}

      <div className="member-grid">
        <Card title={t('timeline.title')} className="timeline-card">
          <p className="muted small">{t('timeline.hint')}</p>
          {timeline.fallback && <div className="notice">{t('timeline.fallback')}</div>}
          {timeline.error && <ProblemView error={timeline.error} />}
          {!events && !timeline.error && <Loading />}
          {events && (
            <ol className="timeline" data-testid="timeline" ref={timelineRef}>
              {events.map((e, i) => (
                <TimelineRow
                  key={e.eventId}
                  e={e}
                  selected={i === index}
                  onSelect={() => setSelected(i)}
                  onAppeal={canAppeal && isAppealable(e) ? () => setAppealPick(e.eventId) : undefined}
                />
              ))}
            </ol>
          )}
        </Card>
        <div className="side-column">
          {events && events.length > 0 && index !== null && (
            <AsOfPanel id={id} events={events} index={index} onIndex={setSelected} />
          )}
          {canRecordViolation && m && <ViolationForm id={id} onDone={refresh} />}
          {canAppeal && events && (
            <AppealForm id={id} decisions={appealable} pick={appealPick} onPick={setAppealPick} onDone={refresh} />
          )}
        </div>
      </div>
    </>
  );
}

function MemberState({ m }: { m: Member }) {
  const { t, tv } = useT();
  const items: [ReactNode, ReactNode][] = [
    [t('members.col.type'), m.applicantType ? tv('applicantType.', m.applicantType) : '—'],
    [t('members.col.direction'), m.direction ? tv('direction.', m.direction) : '—'],
    [t('member.term'), m.term ? `${m.term.start} ~ ${m.term.end}` : '—'],
    [t('member.renewals'), m.renewals],
    [t('member.workspace'), m.workspace ?? '—'],
    [t('member.warnings'), <span data-testid="member-warnings">{m.warnings}</span>],
    [t('member.violations'), m.violations],
    [t('member.openCases'), m.openCases],
    [
      t('member.fines'),
      <span>
        {t('member.finesIssued')} {yuan(m.fines.issuedFen)} · {t('member.finesPaid')} {yuan(m.fines.paidFen)} ·{' '}
        <span className={m.fines.outstandingFen > 0 ? 'text-amber' : ''}>
          {t('member.finesOutstanding')} {yuan(m.fines.outstandingFen)}
        </span>
      </span>,
    ],
    [
      t('member.suspensions'),
      m.suspensions.active ? (
        <Badge tone="red">
          {t('member.suspensionActive')}:{' '}
          {m.suspensions.items.map((s) => `${s.resource}${s.until ? ` → ${s.until}` : ''}`).join('、')}
        </Badge>
      ) : (
        t('member.suspensionNone')
      ),
    ],
    [t('member.latestScore'), m.latestScore ?? t('member.unscored')],
    [t('member.onWarningList'), m.onWarningList ? <Badge tone="amber">{t('members.filter.warningOn')}</Badge> : t('common.no')],
    [
      t('member.scores'),
      m.scores.length === 0
        ? '—'
        : m.scores.map((s) => (
            <div key={s.quarter}>
              {t('member.quarterLine', { quarter: s.quarter, total: s.total })}
              {s.rank !== null && <span className="muted"> · {t('member.rank', { rank: s.rank })}</span>}
              {s.eliminated && (
                <>
                  {' '}
                  <Badge tone="red">{tv('exitKind.', 'eliminated')}</Badge>
                </>
              )}
            </div>
          )),
    ],
  ];
  if (m.exit)
    items.push([
      t('member.exit'),
      <span>
        {tv('exitKind.', m.exit.kind)} · {m.exit.exitDate}
        {m.exit.clause ? ` · ${m.exit.clause}` : ''}
      </span>,
    ]);
  if (m.ban) items.push([t('member.ban'), <Badge tone="red">{m.ban.until}</Badge>]);
  if (m.openNotices.length > 0)
    items.push([
      t('member.openNotices'),
      m.openNotices.map((n) => (
        <div key={n.noticeId}>
          {n.clause} · <DueDate date={n.due.date} provisional={n.due.provisional} />{' '}
          {n.overdue && <Badge tone="red">{t('common.overdue')}</Badge>}
        </div>
      )),
    ]);
  if (m.ruleSet) items.push([t('member.ruleSet'), `${m.ruleSet.id} v${m.ruleSet.version}`]);
  return (
    <Card title={t('member.state')}>
      <Fields items={items} />
    </Card>
  );
}

function TimelineRow({
  e,
  selected,
  onSelect,
  onAppeal,
}: {
  e: TimelineEvent;
  selected: boolean;
  onSelect: () => void;
  onAppeal?: () => void;
}) {
  const { t, tv } = useT();
  return (
    <li className={`timeline-item ${selected ? 'selected' : ''}`} data-event-type={e.type}>
      <span className={`timeline-dot dot-${KIND_TONE[e.kind] ?? 'gray'}`} aria-hidden="true" />
      <div className="timeline-main">
        <div className="timeline-head">
          <Badge tone={KIND_TONE[e.kind] ?? 'gray'}>{tv('kind.', e.kind)}</Badge>
          <button type="button" className="link-button strong" onClick={onSelect} title={t('timeline.selected')}>
            <EventType type={e.type} />
          </button>
          {onAppeal && (
            <button type="button" className="btn btn-small" onClick={onAppeal}>
              {t('appealForm.title')}
            </button>
          )}
        </div>
        <div className="timeline-meta">
          <span>
            {t('timeline.occurred')} <Instant iso={e.occurredAt} />
          </span>
          <span>
            {t('timeline.recorded')} <Instant iso={e.recordedAt} />
          </span>
          <span>
            {t('timeline.actor')} {e.actor.id} ({tv('role.', e.actor.role)})
          </span>
          <span>
            {t('timeline.ruleSet')} {e.ruleSet.id} v{e.ruleSet.version}
          </span>
        </div>
        <JsonDetails value={e.data} label={`${t('timeline.data')}${e.excerpt ? ` ${t('timeline.excerpt')}` : ''}`} />
      </div>
    </li>
  );
}

type Row = { label: string; value: (m: Member) => string };

const compareRows = ({ t, tv }: Translator): Row[] => [
  { label: t('members.col.status'), value: (m) => tv('status.', m.status) },
  { label: t('members.col.exitKind'), value: (m) => (m.exitKind ? tv('exitKind.', m.exitKind) : '—') },
  { label: t('member.term'), value: (m) => (m.term ? `${m.term.start} ~ ${m.term.end}` : '—') },
  { label: t('member.workspace'), value: (m) => m.workspace ?? '—' },
  { label: t('member.warnings'), value: (m) => String(m.warnings) },
  { label: t('member.violations'), value: (m) => String(m.violations) },
  { label: t('member.openCases'), value: (m) => String(m.openCases) },
  { label: `${t('member.fines')} · ${t('member.finesIssued')}`, value: (m) => yuan(m.fines.issuedFen) },
  { label: `${t('member.fines')} · ${t('member.finesPaid')}`, value: (m) => yuan(m.fines.paidFen) },
  { label: `${t('member.fines')} · ${t('member.finesOutstanding')}`, value: (m) => yuan(m.fines.outstandingFen) },
  {
    label: t('member.suspensions'),
    value: (m) => (m.suspensions.active ? t('member.suspensionActive') : t('member.suspensionNone')),
  },
  { label: t('member.latestScore'), value: (m) => (m.latestScore === null ? '—' : String(m.latestScore)) },
  { label: t('member.onWarningList'), value: (m) => (m.onWarningList ? t('common.yes') : t('common.no')) },
  { label: t('member.ban'), value: (m) => m.ban?.until ?? '—' },
  { label: t('asof.eventsFolded'), value: (m) => String(m.asOf?.eventsFolded ?? '—') },
];

/**
 * One stop per event: the member as known at that event's recording (asOf) beside the member as
 * true at its occurrence (asOfOccurred, with facts recorded later), differences highlighted.
 */
function AsOfPanel({
  id,
  events,
  index,
  onIndex,
}: {
  id: string;
  events: TimelineEvent[];
  index: number;
  onIndex: (i: number) => void;
}) {
  const tr = useT();
  const { t } = tr;
  const e = events[index];
  const known = useApi<Member>(`/members/${id}`, { asOf: e.recordedAt });
  const truth = useApi<Member>(`/members/${id}`, { asOfOccurred: e.occurredAt });
  const rows = useMemo(() => compareRows(tr), [tr]);
  const cell = (r: { data: Member | null; error: ApiError | null }, row: Row) =>
    r.error ? (r.error.status === 404 ? t('asof.notYet') : '!') : r.data ? row.value(r.data) : '…';
  return (
    <Card title={t('asof.title')} className="asof-card">
      <p className="muted small">{t('asof.hint')}</p>
      <input
        type="range"
        className="slider"
        data-testid="asof-slider"
        min={0}
        max={events.length - 1}
        step={1}
        value={index}
        aria-label={t('asof.title')}
        onChange={(ev) => onIndex(Number(ev.target.value))}
      />
      <div className="asof-position" data-testid="asof-position">
        {t('asof.position', { i: index + 1, n: events.length, type: tr.event(e.type) })}
      </div>
      {known.error && known.error.status !== 404 && <ProblemView error={known.error} />}
      {truth.error && truth.error.status !== 404 && <ProblemView error={truth.error} />}
      <table className="table compact asof-table" data-testid="asof-table">
        <colgroup>
          <col className="asof-col-field" />
          <col />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th>{t('asof.field')}</th>
            <th title={e.recordedAt}>
              {t('asof.known')}
              <div className="asof-at">{beijing(e.recordedAt)}</div>
            </th>
            <th title={e.occurredAt}>
              {t('asof.true')}
              <div className="asof-at">{beijing(e.occurredAt)}</div>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const a = cell(known, row);
            const b = cell(truth, row);
            const differs = known.data !== null && truth.data !== null && a !== b;
            return (
              <tr key={row.label} className={differs ? 'differs' : ''} title={differs ? t('asof.differs') : undefined}>
                <th scope="row">{row.label}</th>
                <td data-testid={row === rows[0] ? 'asof-known-status' : undefined}>{a}</td>
                <td data-testid={row === rows[0] ? 'asof-true-status' : undefined}>{b}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Card>
  );
}

const CLAUSES = [
  'M-PEN-1a',
  'M-PEN-1c',
  'M-PEN-2a',
  'M-PEN-2b',
  'M-PEN-2c',
  'M-PEN-3a',
  'M-PEN-3b',
  'M-PEN-3c',
  'M-PEN-4a',
  'M-PEN-4b',
  'M-PEN-4c',
  'M-PEN-5a',
  'M-PEN-5b',
  'M-PEN-5c',
  'M-PEN-6a',
  'M-PEN-6b',
  'M-PEN-6c',
  'M-PEN-8',
];

interface ViolationReply {
  position: number;
  repeatCount: number;
  penalties: unknown[];
}

/** POST /members/{id}/violations (officer, admin): README "For officers". */
function ViolationForm({ id, onDone }: { id: string; onDone: (position: number) => void }) {
  const { t } = useT();
  const [clause, setClause] = useState('M-PEN-4c');
  const [occurredAt, setOccurredAt] = useState('');
  const [facts, setFacts] = useState('');
  const [amount, setAmount] = useState('');
  const [damage, setDamage] = useState('');
  const [serious, setSerious] = useState(false);
  const [fileRef, setFileRef] = useState('');
  const [sha256, setSha256] = useState('');
  const [local, setLocal] = useState<string | null>(null);
  const sub = useSubmission<ViolationReply>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setLocal(null);
    const amountFen = amount.trim() ? parseYuanToFen(amount) : undefined;
    const damageFen = damage.trim() ? parseYuanToFen(damage) : undefined;
    if (amountFen === null || damageFen === null) return setLocal(t('violation.badMoney'));
    const body = {
      clause,
      occurredAt: beijingInputToInstant(occurredAt || beijingNowInput()),
      facts,
      evidence: fileRef.trim() ? [{ kind: 'photo', fileRef: fileRef.trim(), sha256: sha256.trim() }] : [],
      ...(amountFen !== undefined ? { amountFen } : {}),
      ...(damageFen !== undefined ? { damageFen } : {}),
      ...(serious ? { serious: true } : {}),
    };
    const r = await sub.run((key) => api.post<ViolationReply>(`/members/${id}/violations`, body, key));
    if (r) onDone(r.position);
  };

  return (
    <Card title={t('violation.title')}>
      <form className="form" onSubmit={submit} data-testid="violation-form">
        <label className="form-field">
          <span>{t('violation.clause')}</span>
          <select name="clause" value={clause} onChange={(e) => setClause(e.target.value)}>
            {CLAUSES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label className="form-field">
          <span>{t('violation.occurredAt')}</span>
          <input name="occurredAt" type="datetime-local" value={occurredAt} onChange={(e) => setOccurredAt(e.target.value)} />
        </label>
        <label className="form-field">
          <span>{t('violation.facts')}</span>
          <textarea name="facts" rows={3} required value={facts} onChange={(e) => setFacts(e.target.value)} />
        </label>
        <div className="form-row">
          <label className="form-field">
            <span>{t('violation.amount')}</span>
            <input
              name="amount"
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              placeholder="150.00"
            />
          </label>
          <label className="form-field">
            <span>{t('violation.damage')}</span>
            <input name="damage" inputMode="decimal" value={damage} onChange={(e) => setDamage(e.target.value)} />
          </label>
        </div>
        <label className="check">
          <input type="checkbox" checked={serious} onChange={(e) => setSerious(e.target.checked)} /> {t('violation.serious')}
        </label>
        <div className="form-row">
          <label className="form-field">
            <span>{t('violation.evidenceRef')}</span>
            <input name="fileRef" value={fileRef} onChange={(e) => setFileRef(e.target.value)} placeholder="files/…/photo.jpg" />
          </label>
          <label className="form-field">
            <span>{t('violation.evidenceSha')}</span>
            <input name="sha256" value={sha256} onChange={(e) => setSha256(e.target.value)} className="mono" />
          </label>
        </div>
        {local && <div className="form-error">{local}</div>}
        {sub.error && <ProblemView error={sub.error} />}
        {sub.done && (
          <div className="success" role="status">
            {t('violation.done', { repeat: sub.done.repeatCount, penalties: sub.done.penalties.length })}
          </div>
        )}
        <button type="submit" className="btn btn-primary" disabled={sub.busy}>
          {sub.busy ? t('common.submitting') : t('common.submit')}
        </button>
      </form>
    </Card>
  );
}

interface AppealReply {
  id: string;
  position: number;
  answerDue: { date: string; provisional: boolean } | null;
}

/** POST /members/{id}/appeals (the member itself, an officer, an admin): a review of a decision on the timeline. */
function AppealForm({
  id,
  decisions,
  pick,
  onPick,
  onDone,
}: {
  id: string;
  decisions: TimelineEvent[];
  pick: string;
  onPick: (eventId: string) => void;
  onDone: (position: number) => void;
}) {
  const { t, event } = useT();
  const [grounds, setGrounds] = useState('');
  const sub = useSubmission<AppealReply>();
  const chosen = pick || decisions.at(-1)?.eventId || '';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await sub.run((key) => api.post<AppealReply>(`/members/${id}/appeals`, { decisionEventId: chosen, grounds }, key));
    if (r) {
      setGrounds('');
      onDone(r.position);
    }
  };
  return (
    <Card title={t('appealForm.title')}>
      {decisions.length === 0 ? (
        <div className="muted">{t('appealForm.none')}</div>
      ) : (
        <form className="form" onSubmit={submit} data-testid="appeal-form">
          <label className="form-field">
            <span>{t('appealForm.decision')}</span>
            <select name="decision" value={chosen} onChange={(e) => onPick(e.target.value)}>
              {decisions.map((d) => (
                <option key={d.eventId} value={d.eventId}>
                  {event(d.type)}
                  {typeof d.data.clause === 'string' ? ` · ${d.data.clause}` : ''}
                  {typeof d.data.tier === 'string' ? ` · ${d.data.tier}` : ''} · {beijing(d.recordedAt)}
                </option>
              ))}
            </select>
          </label>
          <label className="form-field">
            <span>{t('appealForm.grounds')}</span>
            <textarea name="grounds" rows={3} required value={grounds} onChange={(e) => setGrounds(e.target.value)} />
          </label>
          {sub.error && <ProblemView error={sub.error} />}
          {sub.done && (
            <div className="success" role="status">
              {t('appealForm.done', { date: sub.done.answerDue?.date ?? '—' })} ·{' '}
              <Link to={`/appeals/${sub.done.id}`}>{t('appealForm.open')}</Link>
            </div>
          )}
          <button type="submit" className="btn btn-primary" disabled={sub.busy || !chosen}>
            {sub.busy ? t('common.submitting') : t('common.submit')}
          </button>
        </form>
      )}
    </Card>
  );
}
