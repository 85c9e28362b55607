/**
 * The MyTerms roster as data (src/shared/myterms-roster.json) and the person's terms naming one
 * roster agreement: hashes hold, the default is the base service-delivery agreement, and which
 * agreement is named is part of the hashed text.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIntentDocument } from '../../src/protocol/intents';
import {
  DEFAULT_AGREEMENT,
  INTENT_AGREEMENT,
  jurisdictionOf,
  ROSTER,
  Roster,
  rosterAgreement,
  rosterHashesHold,
  siteTermsStatus,
} from '../../src/shared/myterms';
import { buildTermsVersion, presetDraft, verifyTerms } from '../../src/shared/terms';

const ROOT = join(import.meta.dirname, '../..');

describe('the roster', () => {
  it('each shipped text hashes (SHA-256 of its UTF-8 bytes, computed here with node:crypto) to the sha256 the roster states', () => {
    const raw = JSON.parse(readFileSync(join(ROOT, 'src/shared/myterms-roster.json'), 'utf8')) as Roster;
    for (const a of raw.agreements) expect(createHash('sha256').update(a.text, 'utf8').digest('hex'), a.id).toBe(a.sha256);
    expect(rosterHashesHold()).toBe(true);
  });

  it('a changed text no longer matches its hash', () => {
    const tampered = { ...ROSTER, agreements: ROSTER.agreements.map((a, i) => (i === 0 ? { ...a, text: `${a.text} ` } : a)) };
    expect(rosterHashesHold(tampered)).toBe(false);
  });

  it('has a version, unique ids, https text URLs, and the default and intent agreements', () => {
    expect(ROSTER.version).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
    const ids = ROSTER.agreements.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of ROSTER.agreements) expect(new URL(a.url).protocol).toBe('https:');
    expect(rosterAgreement(DEFAULT_AGREEMENT)?.grants).toEqual([]);
    expect(rosterAgreement(INTENT_AGREEMENT)).toBeDefined();
    expect(rosterAgreement('NO-SUCH')).toBeUndefined();
  });

  it('is honest about where its texts come from', () => {
    for (const a of ROSTER.agreements) expect(a.textSource).toBe('proffer-draft');
    expect(ROSTER.note).toMatch(/not of a published roster text/);
  });

  it('refuses a malformed roster', () => {
    expect(Roster.safeParse({ ...ROSTER, agreements: [{ ...ROSTER.agreements[0], id: 'sd base' }] }).success).toBe(false);
    expect(Roster.safeParse({ ...ROSTER, agreements: [{ ...ROSTER.agreements[0], url: 'http://x.example/' }] }).success).toBe(false);
  });
});

describe('terms naming an agreement', () => {
  it('new terms name the base service-delivery agreement, and its id, URL and hash are in the hashed text', () => {
    const v = buildTermsVersion(presetDraft('nostalking'), 1);
    const sd = rosterAgreement('SD-BASE')!;
    expect(v.agreementId).toBe('SD-BASE');
    expect(v.text).toContain(`Agreement: SD-BASE, ${sd.title} (${sd.url}, sha256 ${sd.sha256})`);
    expect(verifyTerms(v)).toBe(true);
  });

  it('another agreement, or none, is another version with another hash', () => {
    const base = buildTermsVersion(presetDraft('nostalking'), 1);
    const mkt = buildTermsVersion({ ...presetDraft('nostalking'), agreementId: 'SD-BASE-MKT' }, 1);
    const { agreementId: _, ...rest } = presetDraft('nostalking');
    const none = buildTermsVersion(rest, 1);
    expect(new Set([base.sha256, mkt.sha256, none.sha256]).size).toBe(3);
    expect(none.agreementId).toBeUndefined();
    expect(none.text).not.toContain('Agreement:');
  });

  it('an agreement not in the roster is refused, and a stored version naming one does not verify', () => {
    expect(() => buildTermsVersion({ ...presetDraft('nostalking'), agreementId: 'NO-SUCH' }, 1)).toThrow(RangeError);
    const v = buildTermsVersion(presetDraft('nostalking'), 1);
    expect(verifyTerms({ ...v, agreementId: 'SD-BASE-MKT' })).toBe(false);
  });
});

describe('what a site accepts', () => {
  it('accepts, other or silent', () => {
    expect(siteTermsStatus('SD-BASE', [{ id: 'SD-BASE' }, { id: 'PDC-INTENT' }])).toBe('accepts');
    expect(siteTermsStatus('SD-BASE', [{ id: 'SD-BASE-MKT' }])).toBe('other');
    expect(siteTermsStatus(undefined, [{ id: 'SD-BASE-MKT' }])).toBe('other');
    expect(siteTermsStatus('SD-BASE', [])).toBe('silent');
  });

  it('jurisdiction from the language tag, else EU', () => {
    expect(jurisdictionOf('de-DE')).toBe('DE');
    expect(jurisdictionOf('en-us')).toBe('US');
    expect(jurisdictionOf('fr')).toBe('EU');
    expect(jurisdictionOf(undefined)).toBe('EU');
  });
});

describe('intents', () => {
  it('are sent under the intentcasting agreement, named by id, text URL and hash', () => {
    const doc = buildIntentDocument(
      {
        id: 'i1',
        what: 'a kettle',
        condition: 'any',
        reveal: [],
        expiresAt: 2_000_000_000_000,
        status: 'draft',
        deliveries: [],
        createdAt: 1,
      },
      { identifier: 'abcdefgh12345678', revealed: {} },
    );
    const pdc = rosterAgreement('PDC-INTENT')!;
    expect(doc.agreement).toEqual({ id: 'PDC-INTENT', url: pdc.url, sha256: pdc.sha256 });
  });
});
