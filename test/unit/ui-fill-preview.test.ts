/**
 * The popup's fill preview, without a DOM: which entries are ticked, how cross-origin frames are
 * allowed, what survives a refresh, what `forms/fill` sends, and the English the person reads.
 */

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  approveOrigins,
  carrySelection,
  changeNotice,
  countText,
  entryLabel,
  FAIL_REASON_KEYS,
  failReasonText,
  fieldIds,
  fillButtonText,
  fillHold,
  fillRequest,
  freshKeys,
  groupEntries,
  initialSelection,
  nothingToFill,
  outcomeLines,
  pageChanged,
  previewRequest,
  previewShown,
  SETTLED,
  SKIP_REASON_KEYS,
  setEntry,
  setOrigin,
  skipReasonText,
  tickedKeys,
  unreachableText,
} from '../../src/popup/fill-state';
import { SETTLE_MS } from '../../src/shared/events';
import type { FillPreview, PreviewEntry } from '../../src/shared/messages';
import { getMessage, messages, useEnglish } from './english';

useEnglish();

const ROOT = resolve(import.meta.dirname, '../..');

const TOP = 'https://shop.example';
const PAY = 'https://pay.example';

function entry(key: string, over: Partial<PreviewEntry> = {}): PreviewEntry {
  return {
    key,
    label: key,
    token: 'email',
    display: 'ada@example.com',
    origin: TOP,
    crossOrigin: false,
    needsApproval: false,
    required: false,
    checked: true,
    secret: false,
    ...over,
  };
}

function preview(entries: PreviewEntry[], over: Partial<FillPreview> = {}): FillPreview {
  return {
    planId: 'plan-1',
    site: TOP,
    url: `${TOP}/signup`,
    personas: [{ id: 'p1', label: 'Everyday' }],
    personaId: 'p1',
    requiredOnly: false,
    alias: false,
    entries,
    skipped: [],
    unreachableFrames: 0,
    ...over,
  };
}

const frameEntry = (key: string, over: Partial<PreviewEntry> = {}) =>
  entry(key, { origin: PAY, crossOrigin: true, needsApproval: true, checked: false, token: 'cc-name', ...over });

describe('selection', () => {
  const p = preview([entry('0:0'), entry('0:1', { checked: false }), frameEntry('3:0'), frameEntry('3:1')]);

  it('starts from the background defaults; frames that need approval stay unticked', () => {
    const s = initialSelection(p);
    expect(tickedKeys(p, s)).toEqual(['0:0']);
    expect(approveOrigins(p, s)).toEqual([]);
  });

  it('ticks and unticks single entries', () => {
    let s = initialSelection(p);
    s = setEntry(p, s, '0:1', true);
    s = setEntry(p, s, '0:0', false);
    expect(tickedKeys(p, s)).toEqual(['0:1']);
    expect(setEntry(p, s, 'nope', true)).toBe(s);
  });

  it('allowing a frame ticks its entries and approves its origin; refusing unticks them', () => {
    let s = setOrigin(p, initialSelection(p), PAY, true);
    expect(tickedKeys(p, s)).toEqual(['0:0', '3:0', '3:1']);
    expect(fillRequest(p, s)).toEqual({ type: 'forms/fill', planId: 'plan-1', keys: ['0:0', '3:0', '3:1'], approveOrigins: [PAY] });
    s = setOrigin(p, s, PAY, false);
    expect(tickedKeys(p, s)).toEqual(['0:0']);
    expect(approveOrigins(p, s)).toEqual([]);
  });

  it('ticking an entry of a frame allows that frame (no fill from a frame the person did not allow)', () => {
    const s = setEntry(p, initialSelection(p), '3:1', true);
    expect(tickedKeys(p, s)).toEqual(['0:0', '3:1']);
    expect(approveOrigins(p, s)).toEqual([PAY]);
  });

  it('groups entries: the page and allowed frames, then one group per frame to allow', () => {
    const allowed = entry('5:0', { origin: 'https://maps.example', crossOrigin: true });
    const q = preview([entry('0:0'), frameEntry('3:0'), allowed, frameEntry('4:0', { origin: 'https://b.example' }), frameEntry('3:1')]);
    const groups = groupEntries(q);
    expect(groups.direct.map((e) => e.key)).toEqual(['0:0', '5:0']);
    expect(groups.frames.map((f) => [f.origin, f.entries.map((e) => e.key)])).toEqual([
      [PAY, ['3:0', '3:1']],
      ['https://b.example', ['4:0']],
    ]);
  });
});

describe('carrySelection (a refreshed preview keeps the person’s choices)', () => {
  const before = preview([entry('0:0'), entry('0:1'), entry('0:2'), frameEntry('3:0')]);

  it('starts fresh without a previous preview', () => {
    const next = preview([entry('0:0')]);
    expect(carrySelection(null, null, next)).toEqual(initialSelection(next));
  });

  it('keeps ticks of unchanged fields; new ones arrive unticked and marked new, whatever their default; drops gone ones', () => {
    let s = initialSelection(before);
    s = setEntry(before, s, '0:1', false);
    const after = preview([entry('0:0'), entry('0:1'), entry('0:5'), entry('0:6', { checked: false })], { planId: 'plan-2' });
    const c = carrySelection(before, s, after);
    expect(c.checked).toEqual({ '0:0': true, '0:1': false, '0:5': false, '0:6': false });
    expect([...freshKeys(after, c)]).toEqual(['0:5', '0:6']);
  });

  it('treats a different field at the same key (another token or frame) as new', () => {
    let s = initialSelection(before);
    s = setEntry(before, s, '0:0', false);
    s = setEntry(before, s, '0:2', false);
    const after = preview([entry('0:0', { token: 'tel' }), entry('0:2', { origin: 'https://other.example' })]);
    const c = carrySelection(before, s, after);
    expect(c.checked).toEqual({ '0:0': false, '0:2': false });
    expect([...freshKeys(after, c)]).toEqual(['0:0', '0:2']);
  });

  it('keeps allowed frames; a field the page adds to one is new and unticked', () => {
    const s = setOrigin(before, initialSelection(before), PAY, true);
    const after = preview([frameEntry('3:0'), frameEntry('3:7', { label: 'Card number', token: 'cc-number' })]);
    const c = carrySelection(before, s, after);
    expect(tickedKeys(after, c)).toEqual(['3:0']);
    expect([...freshKeys(after, c)]).toEqual(['3:7']);
    expect(approveOrigins(after, c)).toEqual([PAY]);
  });

  it('only sends approvals the current preview asks about', () => {
    const s = setOrigin(before, initialSelection(before), PAY, true);
    const after = preview([entry('0:0')]);
    const c = carrySelection(before, s, after);
    expect(c.approved).toEqual([PAY]); // remembered while the popup is open
    expect(fillRequest(after, c).approveOrigins).toEqual([]);
  });
});

describe('previewRequest', () => {
  it('sends only what the person chose', () => {
    expect(previewRequest(7, {})).toEqual({ type: 'forms/preview', tabId: 7 });
    expect(previewRequest(7, { personaId: 'p2', requiredOnly: true, alias: false })).toEqual({
      type: 'forms/preview',
      tabId: 7,
      personaId: 'p2',
      requiredOnly: true,
      alias: false,
    });
  });
});

describe('words', () => {
  it('says the button, count and outcome with the right number', () => {
    expect(fillButtonText(7)).toBe('Fill 7 fields');
    expect(fillButtonText(1)).toBe('Fill 1 field');
    expect(fillButtonText(0)).toBe('Fill 0 fields');
    expect(countText(1)).toBe('1 field will be filled');
    expect(countText(3)).toBe('3 fields will be filled');
    expect(unreachableText(2)).toMatch(/^2 frames/);
  });

  it('reports the outcome: "Filled N fields." and each field not filled, with a reason in words', () => {
    const lines = outcomeLines({
      filled: [
        { key: '0:0', label: 'Email' },
        { key: '0:1', label: 'Name' },
      ],
      skipped: [
        { key: '0:2', label: 'Phone', reason: 'changed' },
        { key: '0:3', label: '', reason: 'something-new' },
      ],
    });
    expect(lines.summary).toBe('Filled 2 fields.');
    expect(lines.notFilled).toEqual([
      'Not filled: Phone — the page replaced this field',
      'Not filled: Unnamed field — it could not be written',
    ]);
    expect(outcomeLines({ filled: [{ key: '0:0', label: 'Email' }], skipped: [] }).summary).toBe('Filled 1 field.');
  });

  it('names a field by its label, else its token', () => {
    expect(entryLabel({ label: '  E-mail ', token: 'email' })).toBe('E-mail');
    expect(entryLabel({ label: ' ', token: 'email' })).toBe('email');
    expect(entryLabel({ label: '', token: '' })).toBe('Unnamed field');
  });

  it('has words for every plan and fill reason, and a fallback for unknown ones', () => {
    const planReasons = [
      'unknown',
      'never-fill',
      'not-fillable',
      'hidden',
      'disabled',
      'read-only',
      'opaque-frame',
      'not-required',
      'no-value',
      'no-match',
      'too-long',
      'other-option',
    ];
    const fillReasons = [
      'no-answer',
      'not-approved',
      'url-changed',
      'missing',
      'changed',
      'detached',
      'disabled',
      'hidden',
      'bad-op',
      'no-option',
      'not-set',
    ];
    for (const r of planReasons) expect(Object.keys(SKIP_REASON_KEYS), r).toContain(r);
    for (const r of fillReasons) expect(Object.keys(FAIL_REASON_KEYS), r).toContain(r);
    for (const key of [...Object.values(SKIP_REASON_KEYS), ...Object.values(FAIL_REASON_KEYS), 'fillSkipOther', 'fillFailOther'])
      expect(messages[key], key).toBeDefined();
    expect(skipReasonText('no-value')).toBe('this persona has no value for it');
    expect(skipReasonText('toString')).toBe('left empty');
    expect(failReasonText('__proto__')).toBe('it could not be written');
  });

  it('keeps the reason lists in step with forms/plan-types.ts and forms/fill.ts', () => {
    const union = (file: string, name: string) => {
      const src = readFileSync(join(ROOT, file), 'utf8');
      const body = src.match(new RegExp(`export type ${name} =([^;]+);`))?.[1] ?? '';
      return [...body.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]!);
    };
    const plan = union('src/forms/plan-types.ts', 'SkipReason');
    const fill = union('src/forms/fill.ts', 'FillSkip');
    expect(plan.length).toBeGreaterThan(5);
    expect(fill.length).toBeGreaterThan(5);
    for (const r of plan) expect(Object.keys(SKIP_REASON_KEYS), r).toContain(r);
    for (const r of fill) expect(Object.keys(FAIL_REASON_KEYS), r).toContain(r);
  });

  it('has the error messages the preview can show', () => {
    for (const code of ['errTabGone', 'errNotFillable', 'errPlanExpired', 'errFormChanged', 'errNoPersona', 'errNoFrames'])
      expect(messages[code], code).toBeDefined();
    expect(getMessage('errTabGone')).toBe('That tab is closed.');
  });
});

describe('carrySelection across sites', () => {
  it('starts afresh when the tab moved to another site (allowed frames do not follow)', () => {
    const a = preview([entry('0:0'), frameEntry('3:0')]);
    let s = setOrigin(a, initialSelection(a), PAY, true);
    s = setEntry(a, s, '0:0', false);
    const b = preview([entry('0:0'), frameEntry('3:0')], { site: 'https://other.example' });
    const c = carrySelection(a, s, b);
    expect(c).toEqual(initialSelection(b));
    expect(tickedKeys(b, c)).toEqual(['0:0']);
  });
});

describe('nothingToFill (a page where no choice of persona or option would fill anything)', () => {
  const skip = (reason: string) => ({ key: `0:${reason}`, label: reason, token: 'email', reason, origin: TOP });

  it('holds for a page without fields, or whose fields no persona can fill', () => {
    expect(nothingToFill(preview([]))).toBe(true);
    expect(nothingToFill(preview([], { skipped: [skip('never-fill'), skip('hidden'), skip('unknown'), skip('opaque-frame')] }))).toBe(true);
  });

  it('does not hold while there is something to fill, or another persona or option could fill something', () => {
    expect(nothingToFill(preview([entry('0:0')]))).toBe(false);
    // Optional fields left out by "Only required fields", or values this persona lacks: the choices stay.
    for (const reason of ['not-required', 'no-value', 'no-match', 'too-long', 'something-new'])
      expect(nothingToFill(preview([], { skipped: [skip('hidden'), skip(reason)] })), reason).toBe(false);
  });
});

describe('the preview is the consent (issue 12): a page change under an open preview', () => {
  const email = entry('0:0', { label: 'Email' });
  const name = entry('0:1', { label: 'Name', token: 'name', display: 'Ada' });
  const seen = preview([email, name]);
  const person = (p = seen) => setEntry(p, initialSelection(p), '0:1', false); // Email ticked, Name unticked

  it('matches fields by what the person saw, not by position: a field inserted before others shifts no tick', () => {
    const phone = entry('0:0', { label: 'Phone', token: 'tel', display: '+49 30 1234', checked: true });
    const after = preview([phone, { ...email, key: '0:1' }, { ...name, key: '0:2' }], { planId: 'plan-2' });
    const c = carrySelection(seen, person(), after);
    expect(c.checked).toEqual({ '0:0': false, '0:1': true, '0:2': false });
    expect([...freshKeys(after, c)]).toEqual(['0:0']);
    expect(fillRequest(after, c).keys).toEqual(['0:1']);
  });

  it('a look-alike the page adds (same label, token and origin) is new too: fields are counted in page order', () => {
    const twin = entry('0:2', { label: ' email ' });
    const after = preview([email, name, twin]);
    const c = carrySelection(seen, person(), after);
    expect(c.checked).toEqual({ '0:0': true, '0:1': false, '0:2': false });
    expect([...freshKeys(after, c)]).toEqual(['0:2']);
    expect(fieldIds([email, twin]).get('0:0')).not.toBe(fieldIds([email, twin]).get('0:2'));
  });

  it('the person’s tick survives another persona (other values) and a field that goes and comes back', () => {
    const other = preview(
      [
        { ...email, display: 'work@example.com' },
        { ...name, display: 'Ada L.' },
      ],
      { personaId: 'p2' },
    );
    let c = carrySelection(seen, person(), other, 'person');
    expect(c.checked).toEqual({ '0:0': true, '0:1': false });
    expect(c.fresh).toEqual([]);
    const gone = preview([email]);
    c = carrySelection(other, c, gone);
    const back = preview([email, { ...name, checked: true }]);
    c = carrySelection(gone, c, back);
    expect(c.checked).toEqual({ '0:0': true, '0:1': false });
    expect(freshKeys(back, c).size).toBe(0);
  });

  it('a refresh the person asked for brings back fields listed as left empty for that choice with their default; nothing else', () => {
    const skip = (key: string, label: string, reason: string) => ({ key, label, token: 'tel', reason, origin: TOP });
    const before = preview([email], {
      requiredOnly: true,
      skipped: [skip('0:1', 'Phone', 'not-required'), skip('0:2', 'Mobile', 'hidden')],
    });
    const after = preview([
      email,
      entry('0:1', { label: 'Phone', token: 'tel' }),
      entry('0:2', { label: 'Mobile', token: 'tel' }),
      entry('0:3', { label: 'Fax', token: 'tel' }),
    ]);
    const s = initialSelection(before);
    const byPerson = carrySelection(before, s, after, 'person');
    // Phone came back because the person turned "only required" off; Mobile was hidden (the page showed it); Fax is new.
    expect(byPerson.checked).toEqual({ '0:0': true, '0:1': true, '0:2': false, '0:3': false });
    expect([...freshKeys(after, byPerson)]).toEqual(['0:2', '0:3']);
    // The same preview after a page change: everything the person has not seen is new.
    const byPage = carrySelection(before, s, after, 'page');
    expect(byPage.checked).toEqual({ '0:0': true, '0:1': false, '0:2': false, '0:3': false });
    expect([...freshKeys(after, byPage)]).toEqual(['0:1', '0:2', '0:3']);
  });

  it('a new field stays marked until the person ticks or unticks it, and stays new over further refreshes', () => {
    const after = preview([email, name, entry('0:2', { label: 'Phone', token: 'tel' })]);
    let c = carrySelection(seen, person(), after);
    const again = preview([
      email,
      name,
      entry('0:2', { label: 'Phone', token: 'tel' }),
      entry('0:3', { label: 'City', token: 'address-level2' }),
    ]);
    c = carrySelection(after, c, again);
    expect([...freshKeys(again, c)]).toEqual(['0:2', '0:3']);
    c = setEntry(again, c, '0:2', true);
    expect([...freshKeys(again, c)]).toEqual(['0:3']);
    expect(tickedKeys(again, c)).toEqual(['0:0', '0:2']);
  });

  it('allowing a frame does not tick the fields the page added to it', () => {
    const before = preview([email, frameEntry('3:0')]);
    const after = preview([email, frameEntry('3:0'), frameEntry('3:1', { label: 'Card number', token: 'cc-number' })]);
    const c = carrySelection(before, initialSelection(before), after);
    const allowed = setOrigin(after, c, PAY, true);
    expect(tickedKeys(after, allowed)).toEqual(['0:0', '3:0']);
    expect([...freshKeys(after, allowed)]).toEqual(['3:1']);
  });
});

describe('the pause after a page change (Settle)', () => {
  const T = 1_000_000;

  it('Fill waits from the change until the preview asked after it has been shown for SETTLE_MS', () => {
    expect(SETTLE_MS).toBe(1000);
    let s = pageChanged(SETTLED);
    expect(fillHold(s, T)).toBe('changing');
    // A preview asked before the change (asked = 0) does not end the wait, though it pauses too.
    let r = previewShown(s, T, 0, false);
    expect(r.pageRefresh).toBe(false);
    expect(fillHold(r.settle, T)).toBe('changing');
    // The preview asked after it is shown at T + 300: Fill waits until T + 1300.
    r = previewShown(r.settle, T + 300, 1, false);
    expect(r.pageRefresh).toBe(true);
    s = r.settle;
    expect(fillHold(s, T + 300)).toBe('settling');
    expect(fillHold(s, T + 1299)).toBe('settling');
    expect(fillHold(s, T + 1300)).toBeNull();
  });

  it('a refresh the person asked for does not pause Fill, unless the background says the fields changed', () => {
    const r = previewShown(SETTLED, T, 0, false);
    expect(r.pageRefresh).toBe(false);
    expect(fillHold(r.settle, T)).toBeNull();
    const b = previewShown(SETTLED, T, 0, true);
    expect(b.pageRefresh).toBe(true);
    expect(fillHold(b.settle, T + SETTLE_MS - 1)).toBe('settling');
    expect(fillHold(b.settle, T + SETTLE_MS)).toBeNull();
  });

  it('another change during the pause starts the wait again', () => {
    let s = previewShown(pageChanged(SETTLED), T, 1, false).settle;
    s = pageChanged(s);
    expect(fillHold(s, T + 5_000)).toBe('changing');
    s = previewShown(s, T + 5_000, 2, false).settle;
    expect(fillHold(s, T + 5_500)).toBe('settling');
    expect(fillHold(s, T + 6_000)).toBeNull();
  });

  it('says why Fill waits, then how many fields the page added', () => {
    expect(changeNotice('changing', 0)).toBe(getMessage('fillChangedWait'));
    expect(changeNotice('settling', 2)).toBe('The form changed — check the new fields. Fill waits a second.');
    expect(changeNotice(null, 1)).toBe('1 field the page added is marked New and not ticked.');
    expect(changeNotice(null, 3)).toBe('3 fields the page added are marked New and not ticked.');
    expect(changeNotice(null, 0)).toBeNull();
    expect(getMessage('fillNewTag')).toBe('New');
  });
});
