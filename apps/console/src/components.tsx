import { useState, type ReactNode } from 'react';
import { ApiError } from './api';
import type { Loaded } from './hooks';
import type { MessageKey } from './i18n';
import { useT } from './lang';
import { useSession } from './session';
import { beijing } from './format';
import { Link } from './router';
import type { Page } from './types';

export type Tone = 'green' | 'red' | 'amber' | 'blue' | 'gray' | 'purple' | 'teal';

export function Badge({ tone = 'gray', children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

const STATUS_TONE: Record<string, Tone> = {
  applied: 'blue',
  reviewed: 'blue',
  approved: 'teal',
  signed: 'teal',
  active: 'green',
  exiting: 'amber',
  exited: 'gray',
  rejected: 'red',
};

/** A member status as a coloured badge, in words. */
export function StatusBadge({ status }: { status: string | null | undefined }) {
  const { tv } = useT();
  if (!status) return <span className="muted">—</span>;
  return (
    <Badge tone={STATUS_TONE[status] ?? 'gray'} title={status}>
      {tv('status.', status)}
    </Badge>
  );
}

/** An event type in words, the raw type as a tooltip (and the raw type itself when the catalogue has no words for it). */
export function EventType({ type }: { type: string }) {
  const { event, t } = useT();
  return (
    <span className="event-type" title={t('common.rawType', { type })} data-type={type}>
      {event(type)}
    </span>
  );
}

export function Card({
  title,
  actions,
  children,
  className,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section className={`card ${className ?? ''}`}>
      {(title || actions) && (
        <header className="card-header">
          {title && <h2>{title}</h2>}
          {actions && <div className="card-actions">{actions}</div>}
        </header>
      )}
      <div className="card-body">{children}</div>
    </section>
  );
}

export function PageHeader({ title, sub, actions }: { title: ReactNode; sub?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {sub && <div className="page-sub">{sub}</div>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}

export function Loading() {
  const { t } = useT();
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {t('common.loading')}
    </div>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const { t } = useT();
  return <div className="empty">{children ?? t('common.empty')}</div>;
}

/** The "not built yet" answer of a page whose API answers 404 at the route level. */
export function Unavailable({ children }: { children?: ReactNode }) {
  const { t } = useT();
  return (
    <div className="placeholder" data-testid="unavailable">
      {children ?? t('common.unavailable')}
    </div>
  );
}

/** A list page whose API route is not there yet: its title, and the "not built yet" answer. */
export function RouteUnavailable({ title }: { title: ReactNode }) {
  return (
    <>
      <PageHeader title={title} />
      <Unavailable />
    </>
  );
}

/** A route that does not exist answers 404 with Nest's own "Cannot GET" detail; a missing record names itself. */
export const isRouteMissing = (e: ApiError | null): boolean =>
  e !== null && e.status === 404 && /^Cannot (GET|POST)/.test(e.problem.detail ?? '');

/**
 * An API refusal in words: the code's text from the catalogue, then the server's detail and each
 * reason; 401 and 403 say what to do, with a way to sign in again.
 */
export function ProblemView({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t, tv } = useT();
  const { signOut } = useSession();
  const p = error.problem;
  const code = p.code ?? '';
  const headline = error.network
    ? t('error.network')
    : code
      ? tv('error.', code, { code })
      : (p.title ?? t('error.status', { status: error.status }));
  const unknown = code && !error.network && headline === code ? t('error.unknown', { code }) : headline;
  return (
    <div className="problem" role="alert" data-code={code || undefined} data-status={error.status}>
      <div className="problem-title">
        <strong>{unknown}</strong>
        {!error.network && (
          <span className="problem-code" title={p.title}>
            {code || `HTTP ${error.status}`}
          </span>
        )}
      </div>
      {p.detail && <div className="problem-detail">{p.detail}</div>}
      {Array.isArray(p.reasons) && p.reasons.length > 0 && (
        <div className="problem-list">
          <div className="problem-list-title">{t('error.reasons')}</div>
          <ul>
            {p.reasons.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        </div>
      )}
      {Array.isArray(p.errors) && p.errors.length > 0 && (
        <div className="problem-list">
          <div className="problem-list-title">{t('error.errors')}</div>
          <ul>
            {p.errors.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        </div>
      )}
      {(error.status === 401 || error.status === 403) && (
        <div className="problem-hint">
          {t(error.status === 401 ? 'error.hint.401' : 'error.hint.403')}{' '}
          <button type="button" className="btn btn-small" onClick={signOut}>
            {t('signin.again')}
          </button>
        </div>
      )}
      {onRetry && error.status !== 401 && error.status !== 403 && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Pager({
  page,
  pages,
  total,
  onPage,
}: {
  page: number;
  pages: number;
  total: number;
  onPage: (p: number) => void;
}) {
  const { t } = useT();
  return (
    <div className="pager">
      <span className="muted">{t('common.pageInfo', { page, pages, total })}</span>
      <button type="button" className="btn btn-small" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('common.prev')}
      </button>
      <button type="button" className="btn btn-small" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('common.next')}
      </button>
    </div>
  );
}

interface FilterProps {
  /** The query parameter, and the select's name. */
  name: string;
  label: MessageKey;
  value: string;
  onChange: (value: string) => void;
  /** The value of the "all" option (default: empty, the parameter left out). */
  allValue?: string;
}

/**
 * A list's filter over one query parameter: "all", then each value in words, either `values` through
 * tv(`labelPrefix`, value) or `options` as value and catalogue key.
 */
export function SelectFilter(
  props: FilterProps &
    ({ values: readonly string[]; labelPrefix: string } | { options: readonly (readonly [value: string, label: MessageKey])[] }),
) {
  const { t, tv } = useT();
  const { name, label, value, onChange, allValue = '' } = props;
  const options =
    'options' in props
      ? props.options.map(([v, key]) => [v, t(key)] as const)
      : props.values.map((v) => [v, tv(props.labelPrefix, v)] as const);
  return (
    <label className="inline-field">
      <span>{t(label)}</span>
      <select name={name} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value={allValue}>{t('common.all')}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A yes/no filter: "all", `true` and `false`, in the words of `yes` and `no` (default: yes, no). */
export function YesNoFilter({
  yes = 'common.yes',
  no = 'common.no',
  ...props
}: FilterProps & { yes?: MessageKey; no?: MessageKey }) {
  return (
    <SelectFilter
      {...props}
      options={[
        ['true', yes],
        ['false', no],
      ]}
    />
  );
}

type ListTableProps<T> = {
  testId: string;
  /** The header cells. */
  head: ReactNode;
  /** One item's row (with its key). */
  row: (item: T) => ReactNode;
  /** Dim the table while a new answer loads. */
  staleWhileLoading?: boolean;
} & ({ list: Loaded<Page<T>>; onPage: (page: number) => void } | { list: Loaded<{ items: T[] }>; onPage?: undefined });

/**
 * A list page's table as read by useApi: the refusal (with a retry), a spinner until the first answer,
 * then the table, "nothing here" when it is empty, and the pager of a paged list (`onPage`).
 */
export function ListTable<T>(props: ListTableProps<T>) {
  const { testId, head, row, staleWhileLoading } = props;
  const { data, error, loading, reload } = props.list;
  return (
    <>
      {error && <ProblemView error={error} onRetry={reload} />}
      {loading && !data && <Loading />}
      {data && (
        <div className={staleWhileLoading ? `table-wrap ${loading ? 'stale' : ''}` : 'table-wrap'}>
          <table className="table" data-testid={testId}>
            <thead>
              <tr>{head}</tr>
            </thead>
            <tbody>{data.items.map(row)}</tbody>
          </table>
          {data.items.length === 0 && <Empty />}
          {props.onPage && props.list.data && (
            <Pager
              page={props.list.data.page}
              pages={props.list.data.pages}
              total={props.list.data.total}
              onPage={props.onPage}
            />
          )}
        </div>
      )}
    </>
  );
}

/** A label/value grid; `rows`: one label and value per line (narrow columns). */
export function Fields({ items, rows = false }: { items: [ReactNode, ReactNode][]; rows?: boolean }) {
  return (
    <dl className={rows ? 'fields rows' : 'fields'}>
      {items.map(([k, v], i) => (
        <div className="field" key={i}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Event data, folded away until asked for. */
export function JsonDetails({ value, label }: { value: unknown; label: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="json-details">
      <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'} {label}
      </button>
      {open && <pre className="json">{JSON.stringify(value, null, 2)}</pre>}
    </div>
  );
}

/** An ISO instant in Beijing time, the raw instant as a tooltip. */
export function Instant({ iso }: { iso: string | null | undefined }) {
  return (
    <time dateTime={iso ?? undefined} title={iso ?? undefined} className="nowrap">
      {beijing(iso)}
    </time>
  );
}

/** A due date with its provisional mark. */
export function DueDate({ date, provisional }: { date: string | null | undefined; provisional?: boolean }) {
  const { t } = useT();
  return (
    <span className="nowrap">
      {date ?? '—'}
      {provisional && (
        <span className="provisional" title={t('common.provisional')}>
          {' '}
          ({t('common.provisionalShort')})
        </span>
      )}
    </span>
  );
}

/** A member by name (its id as a tooltip), linked to its page; the id's tail while names load. */
export function MemberRef({ id, names }: { id: string; names: Map<string, string> }) {
  return (
    <Link to={`/members/${id}`} title={id}>
      {names.get(id) ?? `…${id.slice(-8)}`}
    </Link>
  );
}
