/** Display formats: money from integer fen, dates and instants in Beijing time (Asia/Shanghai). */

/** ¥1,234.50 from 123450 fen, by integer arithmetic (never a float sum of fen). */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—';
  const negative = fen < 0;
  const abs = Math.abs(Math.trunc(fen));
  const whole = Math.floor(abs / 100);
  const cents = abs % 100;
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}¥${grouped}.${String(cents).padStart(2, '0')}`;
}

/** "1,234.5" (yuan, as typed) → 123450 fen; null when it is not an amount with at most two decimals. */
export function parseYuanToFen(input: string): number | null {
  const m = /^\s*(\d{1,11})(?:\.(\d{1,2}))?\s*$/.exec(input.replace(/,/g, ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

const instantFormat = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** An ISO instant as "2027-12-09 10:00:00" in Beijing time. */
export function beijing(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : instantFormat.format(d);
}

/** A business date (YYYY-MM-DD) as is, or a dash. */
export const day = (date: string | null | undefined): string => date ?? '—';

/** "2027-12-01T09:00" (a datetime-local input, Beijing time) → "2027-12-01T09:00:00+08:00". */
export const beijingInputToInstant = (local: string): string => (local.length === 16 ? `${local}:00+08:00` : `${local}+08:00`);

/** Now in Beijing time as a datetime-local value ("2027-12-01T09:00"). */
export function beijingNowInput(now = new Date()): string {
  return instantFormat.format(now).replace(' ', 'T').slice(0, 16);
}

export const integer = (n: number | null | undefined): string =>
  n === null || n === undefined ? '—' : n.toLocaleString('en-US');

/** 123450 fen → "1234.50": a plain decimal for spreadsheets, by integer arithmetic. */
export function fenToDecimal(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '';
  const abs = Math.abs(Math.trunc(fen));
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
