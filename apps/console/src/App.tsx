import type { ReactNode } from 'react';
import { hasRole, READERS, type Role } from './auth';
import { Icon } from './icons';
import type { MessageKey } from './i18n';
import { useT } from './lang';
import { Link, match, useRouter } from './router';
import { useSession } from './session';
import { AppealCasePage } from './pages/AppealCase';
import { AppealsPage } from './pages/Appeals';
import { CommunitiesPage } from './pages/Communities';
import { CommunityPage } from './pages/Community';
import { DashboardPage } from './pages/Dashboard';
import { DeadlinesPage } from './pages/Deadlines';
import { EvaluationPage } from './pages/Evaluation';
import { MemberPage } from './pages/Member';
import { MembersPage } from './pages/Members';
import { RequestPage } from './pages/Request';
import { RequestsPage } from './pages/Requests';
import { ScoringPage } from './pages/Scoring';
import { SignInPage } from './pages/SignIn';

interface NavItem {
  to: string;
  label: MessageKey;
  icon: string;
  /** Who sees it in the navigation (the server decides what each may read). */
  roles: Role[];
}

const NAV: NavItem[] = [
  { to: '/', label: 'nav.dashboard', icon: 'dashboard', roles: READERS },
  { to: '/members', label: 'nav.members', icon: 'members', roles: [...READERS, 'member'] },
  { to: '/appeals', label: 'nav.appeals', icon: 'appeals', roles: [...READERS, 'member'] },
  { to: '/deadlines', label: 'nav.deadlines', icon: 'deadlines', roles: [...READERS, 'member'] },
  { to: '/requests', label: 'nav.requests', icon: 'requests', roles: [...READERS, 'member'] },
  { to: '/scoring', label: 'nav.scoring', icon: 'scoring', roles: READERS },
  { to: '/communities', label: 'nav.communities', icon: 'communities', roles: READERS },
];

type Route = { pattern: string; render: (p: Record<string, string>) => ReactNode };

const ROUTES: Route[] = [
  { pattern: '/', render: () => <DashboardPage /> },
  { pattern: '/members', render: () => <MembersPage /> },
  { pattern: '/members/:id', render: (p) => <MemberPage id={p.id} /> },
  { pattern: '/appeals', render: () => <AppealsPage /> },
  { pattern: '/appeals/:id', render: (p) => <AppealCasePage id={p.id} /> },
  { pattern: '/deadlines', render: () => <DeadlinesPage /> },
  { pattern: '/requests', render: () => <RequestsPage /> },
  { pattern: '/requests/:id', render: (p) => <RequestPage id={p.id} /> },
  { pattern: '/scoring', render: () => <ScoringPage /> },
  { pattern: '/communities', render: () => <CommunitiesPage /> },
  { pattern: '/communities/:id', render: (p) => <CommunityPage id={p.id} /> },
  { pattern: '/evaluations/:id', render: (p) => <EvaluationPage id={p.id} /> },
];

/** Which navigation entry a path belongs to (a member page lights "Members"). */
const section = (path: string) => (path === '/' ? '/' : '/' + path.split('/')[1]);

export function App() {
  const { session, expired, signOut } = useSession();
  const { t, tv, lang, setLang } = useT();
  const { path } = useRouter();
  if (!session) return <SignInPage />;
  if (expired) return <SignInPage expired />;
  const nav = NAV.filter((n) => hasRole(session, ...n.roles));
  let page: ReactNode = null;
  for (const r of ROUTES) {
    const params = match(r.pattern, path);
    if (params) {
      page = r.render(params);
      break;
    }
  }
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark">OPC</span>
          <div>
            <div className="brand-name">{t('app.title')}</div>
            <div className="brand-sub">{t('app.subtitle')}</div>
          </div>
        </div>
        <nav aria-label={t('app.title')}>
          {nav.map((n) => (
            <Link key={n.to} to={n.to} className={`nav-item ${section(path) === n.to ? 'active' : ''}`}>
              <Icon name={n.icon} />
              {t(n.label)}
            </Link>
          ))}
        </nav>
      </aside>
      <div className="main">
        <header className="topbar">
          <div className="topbar-left">
            <span className="muted">{t('top.role')}</span>
            {session.roles.map((r) => (
              <span key={r} className="role-chip" data-testid="role" title={r}>
                {tv('role.', r)}
              </span>
            ))}
            {session.sub && (
              <span className="muted topbar-actor" title={t('top.actor')}>
                {session.sub}
              </span>
            )}
          </div>
          <div className="topbar-right">
            <button
              type="button"
              className="btn btn-ghost"
              data-testid="lang-toggle"
              onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
            >
              {t('top.switchLang')}
            </button>
            <button type="button" className="btn btn-ghost" onClick={signOut}>
              {t('top.signOut')}
            </button>
          </div>
        </header>
        <main className="content">{page ?? <NotFoundPage />}</main>
      </div>
    </div>
  );
}

function NotFoundPage() {
  const { t } = useT();
  return (
    <div className="placeholder">
      {t('error.NOT_FOUND')} · <Link to="/">{t('nav.dashboard')}</Link>
    </div>
  );
}
