/**
 * Dates for the planner: the profile keeps a birthday as YYYY-MM-DD; text fields want it in the
 * page's own format, read from its placeholder or label ("DD/MM/YYYY", "MM/DD/YYYY", "TT.MM.JJJJ",
 * "JJ/MM/AAAA", "GG/MM/AAAA", "YYYY/MM/DD", "M/D/YY" ...).
 */

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

export function parseYmd(s: string | undefined): Ymd | null {
  const m = s ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(s) : null;
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : null;
}

export interface DateFormat {
  /** Order of the parts. */
  order: Array<'d' | 'm' | 'y'>;
  sep: string;
  padDay: boolean;
  padMonth: boolean;
  /** Two-digit year. */
  shortYear: boolean;
}

export const ISO_FORMAT: DateFormat = { order: ['y', 'm', 'd'], sep: '-', padDay: true, padMonth: true, shortYear: false };

// Three runs of one repeated letter, joined by the same separator: "dd/mm/yyyy", "TT.MM.JJJJ".
const PATTERN = /(?:^|[^\p{L}])(([dtjgmya])\2{0,3})([./\- ])(([dtjgmya])\5{0,3})\3(([dtjgmya])\7{0,3})(?![\p{L}])/iu;

type Part = 'd' | 'm' | 'y';

/**
 * Read a date format from hint texts (placeholder first). Letters: d/t (Tag)/g (giorno)/j (jour)
 * for the day, m for the month, y/a (año, ano, anno, année)/j (Jahr, jaar) for the year. A "j" is
 * the year when it is four long or when "t" names the day (German), else the day (French).
 */
export function detectDateFormat(texts: readonly string[]): DateFormat | null {
  for (const raw of texts) {
    if (!raw) continue;
    const text = raw.replace(/\s*([./-])\s*/g, '$1');
    const m = PATTERN.exec(text);
    if (!m) continue;
    const toks = [m[1]!, m[4]!, m[6]!];
    const sep = m[3]!;
    const hasT = toks.some((t) => /^t/i.test(t));
    const role = (t: string, jAsYear: boolean): Part | null => {
      const c = t[0]!.toLowerCase();
      if (c === 'd' || c === 't' || c === 'g') return 'd';
      if (c === 'm') return 'm';
      if (c === 'y' || c === 'a') return 'y';
      if (c === 'j') return t.length === 4 || jAsYear ? 'y' : 'd';
      return null;
    };
    for (const jAsYear of [hasT, true]) {
      const order = toks.map((t) => role(t, jAsYear));
      if (new Set(order).size === 3 && !order.includes(null)) {
        const len = (p: Part): number => toks[order.indexOf(p)]!.length;
        return {
          order: order as Part[],
          sep,
          padDay: len('d') >= 2,
          padMonth: len('m') >= 2,
          shortYear: len('y') === 2,
        };
      }
    }
  }
  return null;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

export function formatDate(d: Ymd, f: DateFormat): string {
  const part = (p: Part): string =>
    p === 'd'
      ? f.padDay
        ? pad2(d.d)
        : String(d.d)
      : p === 'm'
        ? f.padMonth
          ? pad2(d.m)
          : String(d.m)
        : f.shortYear
          ? pad2(d.y % 100)
          : String(d.y);
  return f.order.map(part).join(f.sep);
}

/** Is the hint a single-letter part ("D", "M") rather than a padded one ("DD", "MM")? */
export function singleLetterHint(placeholder: string, letters: string): boolean {
  return new RegExp(`^\\s*[${letters}]\\s*$`, 'i').test(placeholder);
}

/** Does the hint ask for a two-digit year ("YY", "JJ", "AA")? */
export function shortYearHint(placeholder: string, maxLength: number | null): boolean {
  return maxLength === 2 || /^\s*(yy|jj|aa)\s*$/i.test(placeholder);
}

export { pad2 };
