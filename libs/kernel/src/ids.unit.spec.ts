import { deterministicId, isId, newId } from './ids';

describe('ids', () => {
  it('newId is a UUIDv7 whose leading 48 bits are the creation time in ms', () => {
    const before = Date.now();
    const id = newId();
    expect(isId(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now() + 1);
  });

  it('newIds sort by creation, even many within one millisecond, and are unique', () => {
    const ids = Array.from({ length: 10000 }, () => newId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('scheduler: deterministicId is stable for the same deadline, so a double run issues one command', () => {
    const a = deterministicId('renewal-reminder', 'member-42', '2027-12-05');
    expect(deterministicId('renewal-reminder', 'member-42', '2027-12-05')).toBe(a);
    expect(isId(a)).toBe(true);
    expect(a[14]).toBe('8');
  });

  it('deterministicId differs by namespace, part, part boundary and part type', () => {
    const base = deterministicId('ns', 'ab', 'c');
    expect(deterministicId('other', 'ab', 'c')).not.toBe(base);
    expect(deterministicId('ns', 'ab', 'd')).not.toBe(base);
    expect(deterministicId('ns', 'a', 'bc')).not.toBe(base);
    expect(deterministicId('ns', 'abc')).not.toBe(base);
    expect(deterministicId('ns', 1)).not.toBe(deterministicId('ns', '1'));
  });
});
