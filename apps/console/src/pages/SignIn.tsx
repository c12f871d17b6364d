import { useState, type FormEvent } from 'react';
import { decodeToken } from '../auth';
import { useT } from '../lang';
import { useSession } from '../session';

/** Asks for a bearer token; says how to get one in development. */
export function SignInPage({ expired = false }: { expired?: boolean }) {
  const { t, lang, setLang } = useT();
  const { signIn } = useSession();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const decoded = decodeToken(token);
    if (!decoded.ok) {
      setError(
        t(decoded.reason === 'expired' ? 'signin.expired' : decoded.reason === 'noRole' ? 'signin.noRole' : 'signin.invalid'),
      );
      return;
    }
    signIn(decoded.session);
  };
  return (
    <div className="signin">
      <form className="signin-card" onSubmit={submit}>
        <div className="signin-top">
          <span className="brand-mark">OPC</span>
          <button
            type="button"
            className="btn btn-ghost"
            data-testid="lang-toggle"
            onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
          >
            {t('top.switchLang')}
          </button>
        </div>
        <h1>{t('signin.title')}</h1>
        {expired && (
          <div className="problem" role="alert">
            {t('signin.expiredBanner')}
          </div>
        )}
        <p>{t('signin.intro')}</p>
        <p className="muted">{t('signin.howto')}</p>
        <pre className="command">npm run -s token -- --role admin</pre>
        <label className="form-field">
          <span>{t('signin.token')}</span>
          <textarea
            name="token"
            rows={4}
            value={token}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => {
              setToken(e.target.value);
              setError(null);
            }}
            placeholder="eyJhbGciOi…"
          />
        </label>
        {error && (
          <div className="form-error" role="alert">
            {error}
          </div>
        )}
        <button type="submit" className="btn btn-primary" disabled={token.trim() === ''}>
          {t('signin.submit')}
        </button>
        <p className="muted small">{t('signin.note')}</p>
      </form>
    </div>
  );
}
