import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { eventLabel, translate, translateDynamic, type Lang, type MessageKey, type Params } from './i18n';

/** The language toggle: Chinese by default, the choice remembered in localStorage. */
const STORAGE_KEY = 'opc-console.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export interface Translator {
  lang: Lang;
  t: (key: MessageKey, params?: Params) => string;
  /** A label for a value from the API (`prefix` + value); the raw value when the catalogue has none. */
  tv: (prefix: string, value: string, params?: Params) => string;
  /** An event type in words; the raw type when unknown. */
  event: (type: string) => string;
  setLang: (lang: Lang) => void;
}

const LangContext = createContext<Translator | null>(null);

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = translate(lang, 'app.title');
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* storage disabled: the choice lasts for this page only */
    }
  }, []);
  const value = useMemo<Translator>(
    () => ({
      lang,
      t: (key, params) => translate(lang, key, params),
      tv: (prefix, value, params) => translateDynamic(lang, prefix + value, value, params),
      event: (type) => eventLabel(lang, type),
      setLang,
    }),
    [lang, setLang],
  );
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useT(): Translator {
  const value = useContext(LangContext);
  if (!value) throw new Error('useT outside LangProvider');
  return value;
}
