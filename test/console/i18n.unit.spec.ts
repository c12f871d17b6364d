import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from '@opc/kernel';
import { catalogues, eventLabel, format, translateDynamic } from '../../apps/console/src/i18n';

/** Every `*.events.ts` file under libs/. */
function eventFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? eventFiles(join(dir, e.name)) : e.name.endsWith('.events.ts') ? [join(dir, e.name)] : [],
  );
}

/** The event types the code declares today (`type: 'MembershipApplied.v1'`). */
const declaredEventTypes = (): string[] => {
  const types = new Set<string>();
  for (const file of eventFiles(join(__dirname, '../../libs')))
    for (const m of readFileSync(file, 'utf8').matchAll(/type: '([A-Z][A-Za-z]+\.v\d+)'/g)) types.add(m[1]);
  return [...types].sort();
};

describe('the console message catalogue (apps/console/src/i18n.ts)', () => {
  it('has exactly the same keys in Chinese and English', () => {
    const zh = Object.keys(catalogues.zh).sort();
    const en = Object.keys(catalogues.en).sort();
    expect(zh.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !zh.includes(k))).toEqual([]);
    expect(zh).toEqual(en);
  });

  it('has no empty label and the same placeholders in both languages', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, zh] of Object.entries(catalogues.zh)) {
      const en = (catalogues.en as Record<string, string>)[key];
      expect({ key, empty: zh.trim() === '' || en.trim() === '' }).toEqual({ key, empty: false });
      expect({ key, placeholders: placeholders(en) }).toEqual({ key, placeholders: placeholders(zh) });
    }
  });

  it('names every event type declared in libs/**/*.events.ts in words (add `event.<Type>` to both catalogues)', () => {
    const types = declaredEventTypes();
    expect(types.length).toBeGreaterThan(50);
    const missing = types.filter((type) => !(`event.${type}` in catalogues.zh));
    expect(missing).toEqual([]);
    expect(eventLabel('zh', 'MembershipApplied.v1')).toBe('提交入驻申请');
    expect(eventLabel('en', 'ViolationRecorded.v1')).toBe('Violation recorded');
  });

  it('falls back to the raw type for an event it does not know', () => {
    expect(eventLabel('zh', 'SomethingNew.v7')).toBe('SomethingNew.v7');
    expect(translateDynamic('en', 'status.unknown-status', 'unknown-status')).toBe('unknown-status');
  });

  it('words every error code of docs/errors.md (ERROR_CODES)', () => {
    for (const code of ERROR_CODES) {
      expect(`error.${code}` in catalogues.zh).toBe(true);
      expect(`error.${code}` in catalogues.en).toBe(true);
    }
  });

  it('fills placeholders and leaves unknown ones as written', () => {
    expect(format('第 {page} / {pages} 页', { page: 2, pages: 5 })).toBe('第 2 / 5 页');
    expect(format('{a} {b}', { a: 1 })).toBe('1 {b}');
  });
});
