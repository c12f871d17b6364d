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
  Unavailable,
} from '../components';
import { useApi } from '../hooks';
import { useT } from '../lang';
import { Link } from '../router';
import type { HistoryEvent } from '../types';
import { REQUEST_TONE, type ServiceRequest } from './Requests';

/** GET /requests/{id}: one request or complaint, its due dates, breaches and history. */
export function RequestPage({ id }: { id: string }) {
  const { t, tv } = useT();
  const { data, error, loading, reload } = useApi<ServiceRequest & { history?: HistoryEvent[] }>(`/requests/${id}`);
  if (isRouteMissing(error)) return <Unavailable />;
  if (error) return <ProblemView error={error} onRetry={reload} />;
  if (loading || !data) return <Loading />;
  return (
    <>
      <PageHeader
        title={
          <>
            {data.subject} <Badge tone={REQUEST_TONE[data.status]}>{tv('requests.status.', data.status)}</Badge>
          </>
        }
        sub={
          <span className="mono">
            <Link to="/requests">{t('requests.title')}</Link> / {data.id}
          </span>
        }
      />
      <div className="grid-2">
        <Card title={tv('requests.kind.', data.kind)}>
          <Fields
            items={[
              [t('requests.col.member'), <Link to={`/members/${data.memberId}`}>{data.memberId}</Link>],
              [t('requests.col.filed'), data.filedDate],
              [t('requests.text'), <span className="prewrap">{data.text}</span>],
              [
                t('requests.col.responseDue'),
                <DueDate date={data.responseDue.date} provisional={data.responseDue.provisional} />,
              ],
              [
                t('requests.col.resolutionDue'),
                <DueDate date={data.resolutionDue.date} provisional={data.resolutionDue.provisional} />,
              ],
              [
                t('requests.response'),
                data.response
                  ? `${data.response.date}${data.response.late ? ` (${t('common.late')})` : ''} — ${data.response.text}`
                  : '—',
              ],
              [
                t('requests.resolution'),
                data.resolution
                  ? `${data.resolution.date}${data.resolution.late ? ` (${t('common.late')})` : ''} — ${data.resolution.text}`
                  : '—',
              ],
              [
                t('requests.col.breaches'),
                data.breaches.length === 0
                  ? t('common.none')
                  : data.breaches.map((b) => (
                      <div key={b.kind}>
                        <Badge tone="red">{tv('requests.breach.', b.kind)}</Badge> {b.dueDate} → {b.breachedDate} · {b.rule}
                      </div>
                    )),
              ],
            ]}
          />
        </Card>
        <Card title={t('requests.history')}>
          <ol className="event-list">
            {(data.history ?? []).map((e) => (
              <li key={e.metadata.eventId}>
                <div className="event-line">
                  <EventType type={e.type} />
                  <span className="muted small">
                    <Instant iso={e.metadata.recordedAt} /> · {e.metadata.actor.id}
                  </span>
                </div>
                <JsonDetails value={e.data} label={t('timeline.data')} />
              </li>
            ))}
          </ol>
        </Card>
      </div>
    </>
  );
}
