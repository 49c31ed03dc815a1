// Kubernetes resource quantities (`100m`, `1Gi`, `1e3`): exact value comparison and the API server's canonical spelling.

/** A quantity as an exact number: sign × mantissa × 10^exp, with the mantissa free of trailing zeros. */
interface Exact {
  neg: boolean;
  mant: bigint;
  exp: number;
  format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
}

const QUANTITY =
  /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d{1,3}))?$/;
const DECIMAL_EXP: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_POW: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_SUFFIX = new Map(Object.entries(DECIMAL_EXP).map(([s, e]) => [e, s]));
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const B1024 = 1024n;

function stripZeros(mant: bigint, exp: number): { mant: bigint; exp: number } {
  if (mant === 0n) return { mant, exp: 0 };
  while (mant % 10n === 0n) {
    mant /= 10n;
    exp += 1;
  }
  return { mant, exp };
}

function parse(input: string | number): Exact | undefined {
  const text = typeof input === 'number' ? (Number.isFinite(input) ? String(input) : '') : input.trim();
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const [, sign = '', num = '', suffix, expText] = m;
  const [int = '', frac = ''] = num.split('.');
  let mant = BigInt((int + frac).replace(/^0+(?=\d)/, '') || '0');
  let exp = -frac.length;
  let format: Exact['format'] = 'DecimalSI';
  if (expText !== undefined) {
    exp += Number(expText);
    // A JS number printed as `1e-7` is still a plain decimal the user wrote as a number.
    format = typeof input === 'number' ? 'DecimalSI' : 'DecimalExponent';
  } else if (suffix !== undefined && suffix in BINARY_POW) {
    mant *= B1024 ** BigInt(BINARY_POW[suffix] ?? 0);
    format = 'BinarySI';
  } else {
    exp += DECIMAL_EXP[suffix ?? ''] ?? 0;
  }
  const s = stripZeros(mant, exp);
  return { neg: sign === '-' && s.mant !== 0n, mant: s.mant, exp: s.exp, format };
}

/** A string that is equal for two quantities exactly when their values are equal; undefined if not a quantity. */
export function quantityValueKey(input: unknown): string | undefined {
  if (typeof input !== 'string' && typeof input !== 'number') return undefined;
  const q = parse(input);
  return q && `${q.neg ? '-' : ''}${q.mant}e${q.exp}`;
}

export function quantitiesEqual(a: unknown, b: unknown): boolean {
  const ka = quantityValueKey(a);
  return ka !== undefined && ka === quantityValueKey(b);
}

/** The spelling the API server stores (`0.1` → `100m`, `1024Mi` → `1Gi`, `1000m` → `1`); undefined if not a quantity. */
export function canonicalQuantity(input: unknown): string | undefined {
  if (typeof input !== 'string' && typeof input !== 'number') return undefined;
  const q = parse(input);
  if (!q) return undefined;
  const sign = q.neg ? '-' : '';
  if (q.format === 'BinarySI' && q.exp >= 0) {
    const whole = q.mant * 10n ** BigInt(q.exp);
    if (whole >= B1024) {
      let n = whole;
      let pow = 0;
      while (pow < 6 && n % B1024 === 0n) {
        n /= B1024;
        pow += 1;
      }
      return `${sign}${n}${BINARY_SUFFIX[pow] ?? ''}`;
    }
  }
  // Decimal spellings: the exponent is the largest multiple of 3 not above the value's own.
  let mant = q.mant;
  let exp = q.exp;
  if (exp < -9) {
    // The API server rounds sub-nano values up to the next nano; rounding can carry (999.1n → 1µ).
    const shift = 10n ** BigInt(-9 - exp);
    ({ mant, exp } = stripZeros((mant + shift - 1n) / shift, -9));
  }
  const e3 = Math.floor(exp / 3) * 3;
  const capped = q.format === 'DecimalSI' ? Math.min(e3, 18) : e3;
  mant *= 10n ** BigInt(exp - capped);
  if (mant === 0n) return '0';
  if (q.format === 'DecimalExponent') return `${sign}${mant}${capped === 0 ? '' : `e${capped}`}`;
  return `${sign}${mant}${DECIMAL_SUFFIX.get(capped) ?? ''}`;
}
