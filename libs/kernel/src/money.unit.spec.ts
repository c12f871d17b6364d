import { assertFen, formatFen, isFen, multiplyFen, sumFen, yuanToFen } from './money';

describe('money in integer fen', () => {
  it('money: 100 yuan is 10000 fen (M-PEN-7b fine ¥100)', () => {
    expect(yuanToFen(100)).toBe(10000);
    expect(yuanToFen(0)).toBe(0);
    expect(yuanToFen(10000)).toBe(1000000); // M-REW-2: ¥10,000
  });

  it('money: fen helpers refuse fractions, negatives and non-numbers', () => {
    expect(() => assertFen(10.5)).toThrow(RangeError);
    expect(() => assertFen(0.1 + 0.2)).toThrow(RangeError);
    expect(() => assertFen(-1)).toThrow(RangeError);
    expect(() => assertFen(Number.NaN)).toThrow(RangeError);
    expect(() => assertFen(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
    expect(() => assertFen('100')).toThrow(RangeError);
    expect(() => yuanToFen(99.99)).toThrow(RangeError);
    expect(() => yuanToFen(-100)).toThrow(RangeError);
    expect(() => multiplyFen(10000, 1.5)).toThrow(RangeError);
  });

  it('assertFen accepts whole non-negative fen', () => {
    expect(() => assertFen(0)).not.toThrow();
    expect(() => assertFen(50000)).not.toThrow();
    expect(isFen(50000)).toBe(true);
    expect(isFen(500.5)).toBe(false);
  });

  it('M-PEN-2b: sums and repeat multiples stay integer fen', () => {
    // 3rd and 4th pollution offences at ¥100 each, plus the 2nd at ¥50
    expect(sumFen([yuanToFen(50), multiplyFen(yuanToFen(100), 2)])).toBe(25000);
    expect(sumFen([])).toBe(0);
    expect(() => sumFen([1, 2.5])).toThrow(RangeError);
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
  });

  it('formatFen shows yuan with thousands separators and two decimals', () => {
    expect(formatFen(100000)).toBe('¥1,000.00');
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(1050)).toBe('¥10.50');
    expect(formatFen(123456789)).toBe('¥1,234,567.89');
    expect(formatFen(-150)).toBe('-¥1.50');
    expect(formatFen(Number.MAX_SAFE_INTEGER)).toBe('¥90,071,992,547,409.91');
    expect(() => formatFen(1.5)).toThrow(RangeError);
  });
});
