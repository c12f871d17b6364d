/**
 * Identifiers. `newId` gives a UUIDv7 (RFC 9562): 48-bit Unix milliseconds first, so ids
 * sort by creation; within one millisecond a 12-bit counter keeps them increasing.
 * `deterministicId` gives the same id for the same inputs, so the scheduler's commands
 * derived from one deadline keep one id and a double run does nothing twice.
 */
import { createHash, randomFillSync } from 'crypto';

let lastMs = -1;
let sequence = 0;

// Random bytes drawn 4 KiB at a time: one system call serves 200+ ids (a call per id showed up
// at 4% of the API's CPU under load).
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
function random(n: number): Buffer {
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  // A copy: the pool is overwritten on its next refill.
  return Buffer.from(pool.subarray(poolAt, (poolAt += n)));
}

function hex(bytes: Uint8Array): string {
  const h = Buffer.from(bytes).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A new time-ordered UUIDv7, e.g. '0192f0c4-7e21-7a3b-9c1d-2b4e6f8a0c1e'. Later calls in this process sort after earlier ones. */
export function newId(): string {
  let ms = Date.now();
  if (ms > lastMs) {
    lastMs = ms;
    // Start each millisecond's counter in its lower half, leaving room to count up.
    sequence = random(2).readUInt16BE(0) & 0x7ff;
  } else {
    // Same millisecond, or the system clock stepped back: keep counting on the last one.
    ms = lastMs;
    sequence++;
    if (sequence > 0xfff) {
      lastMs = ms = lastMs + 1;
      sequence = 0;
    }
  }
  const bytes = random(16);
  bytes.writeUIntBE(ms, 0, 6); // unix_ts_ms, 48 bits
  bytes[6] = 0x70 | (sequence >> 8); // version 7 + counter high bits
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f); // variant 10
  return hex(bytes);
}

/**
 * A stable UUID-shaped id (version 8, RFC 9562 custom) from sha256 of the namespace and
 * parts: deterministicId('renewal-reminder', memberId, '2028-01-03') is the same every run.
 * Parts are length-prefixed, so ('ab','c') and ('a','bc') differ.
 */
export function deterministicId(namespace: string, ...parts: Array<string | number>): string {
  const hash = createHash('sha256');
  for (const part of [namespace, ...parts]) {
    const text = typeof part === 'number' ? `n:${part}` : `s:${part}`;
    hash.update(`${Buffer.byteLength(text)}:${text}`);
  }
  const bytes = hash.digest().subarray(0, 16);
  bytes[6] = 0x80 | (bytes[6] & 0x0f); // version 8
  bytes[8] = 0x80 | (bytes[8] & 0x3f); // variant 10
  return hex(bytes);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** True for a lower-case RFC 9562 UUID (as newId and deterministicId produce). */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && UUID_RE.test(value);
}
