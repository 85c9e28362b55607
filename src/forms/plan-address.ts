/** Address runs of the planner: street lines and house numbers, decided per form. */
import type { Address } from '../shared/records';
import type { PlanField } from './plan-types';
import { type Ctx, type Resolved, text } from './plan-want';
import type { Token } from './types';

/** Street lines of an address: address-line1..3, or street-address split on newlines. */
export function addressLines(a: Address | null): string[] {
  if (!a) return [];
  const parts = [a['address-line1'], a['address-line2'], a['address-line3']].map((s) => s?.trim() ?? '');
  if (parts.some(Boolean)) return parts.filter(Boolean);
  return (a['street-address'] ?? '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Countries that write the house number before the street. */
const NUMBER_FIRST = new Set(['US', 'CA', 'GB', 'IE', 'AU', 'NZ', 'FR', 'BE', 'LU', 'MC', 'IN', 'ZA', 'SG', 'PH', 'MY']);

/** Split "Hauptstraße 12a" / "12 Main Street" into street and house number, or null. */
export function splitHouseNumber(line: string, country?: string): { street: string; number: string } | null {
  const s = line.trim();
  const end = (): { street: string; number: string } | null => {
    const m = /^(.*\D)[\s,]+(\d+(?:\s?[a-zA-Z])?(?:\s?[-/]\s?\d+[a-zA-Z]?)?)$/.exec(s);
    return m ? { street: m[1]!.replace(/[\s,]+$/, ''), number: m[2]! } : null;
  };
  const start = (): { street: string; number: string } | null => {
    const m = /^(\d+(?:\s?[a-zA-Z])?(?:[-/]\d+[a-zA-Z]?)?)[\s,]+(.*\D.*)$/.exec(s);
    return m ? { street: m[2]!.trim(), number: m[1]! } : null;
  };
  return country && NUMBER_FIRST.has(country) ? (start() ?? end()) : (end() ?? start());
}

/** Street-line slots of the tokens (types.ts has no address-line3 token; a third line joins line 2). */
const LINE_SLOT: Partial<Record<Token, number>> = { 'address-line1': 1, 'address-line2': 2 };
/** Countries that write "Town, ST 12345" rather than "12345 Town". */
const NORTH_AMERICAN: ReadonlySet<string> = new Set(['US', 'CA', 'AU', 'GB']);

/**
 * Plans the street fields of one form into `out`: each street line to its own field (else appended
 * to the nearest earlier one), the house number split off when the form has a field for it.
 */
export function planAddress(pos: number[], fields: readonly PlanField[], ctx: Ctx, out: Map<number, Resolved>): void {
  const tok = (i: number): Token => fields[i]!.classification.token;
  const has = (t: Token): boolean => pos.some((i) => tok(i) === t);
  const hasNumber = has('x-house-number');
  const laterLines = has('address-line2');
  // A one-line street field next to a line-2 field holds line 1 only.
  const slotOf = (i: number): number | undefined => {
    const t = tok(i);
    if (t === 'street-address' && fields[i]!.facts.tag !== 'textarea' && laterLines) return 1;
    return LINE_SLOT[t];
  };
  const slots = [...new Set(pos.map(slotOf).filter((s): s is number => s !== undefined))].sort();
  const values = new Map<number, string[]>();
  if (slots.length) {
    ctx.lines.forEach((line, j) => {
      // Each line goes to its own slot, else to the nearest earlier one (nothing is dropped).
      const target = [...slots].reverse().find((s) => s <= j + 1) ?? slots[0]!;
      values.set(target, [...(values.get(target) ?? []), line]);
    });
  }
  let number: string | null = null;
  if (hasNumber) {
    const first = slots.length ? values.get(slots[0]!)?.[0] : ctx.lines[0];
    const split = first ? splitHouseNumber(first, ctx.address?.country) : null;
    if (split) {
      number = split.number;
      if (slots.length) values.get(slots[0]!)![0] = split.street;
    }
  }
  for (const i of pos) {
    const t = tok(i);
    const f = fields[i]!.facts;
    const slot = slotOf(i);
    if (slot !== undefined) out.set(i, text(slot === 1 && f.tag !== 'textarea' ? values.get(slot)?.[0] : values.get(slot)?.join(', ')));
    else if (t === 'x-house-number') out.set(i, text(number));
    else if (t === 'street-address' && f.tag === 'textarea' && ctx.lines.length) {
      // A free-text address box with no separate town or postcode field holds the whole address.
      const a = ctx.address;
      const extra: string[] = [];
      if (a && !has('postal-code') && !has('address-level2')) {
        const na = NORTH_AMERICAN.has(a.country ?? '');
        const town = na ? [a['address-level2'], a['address-level1']].filter(Boolean).join(', ') : (a['address-level2'] ?? '');
        const line = na ? [town, a['postal-code']].filter(Boolean).join(' ') : [a['postal-code'], town].filter(Boolean).join(' ');
        if (line) extra.push(line);
      }
      out.set(i, text([...ctx.lines, ...extra].join('\n')));
    } else if (t === 'street-address' && f.tag !== 'textarea' && number && ctx.lines.length) {
      const split = splitHouseNumber(ctx.lines[0]!, ctx.address?.country);
      if (split) out.set(i, text(split.street));
    }
  }
}
