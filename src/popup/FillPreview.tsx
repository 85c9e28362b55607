/**
 * "This site": what one click would write into the target tab's forms, field by field, and the Fill
 * button. It asks the background for a preview (`forms/preview`), lets the person untick fields,
 * choose the persona, limit to required fields or use an email alias, allow cross-origin frames, and
 * sends only the ticked keys (`forms/fill`). The outcome is announced in a status region. A page with
 * nothing to fill says so, without the choices that would change nothing there.
 *
 * The preview is the consent: when the page changes under it, the fields it added arrive unticked
 * and marked New, and Fill waits until the new preview has been shown for SETTLE_MS (the section is
 * busy, the button aria-disabled, the reason shown and announced). Rules in fill-state.ts.
 *
 * No extension APIs here: `send` and `watchForms` come from App (main.tsx wires them to chrome.*),
 * and the selection rules live in fill-state.ts.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FillOutcome, FillPreview as Preview, PreviewEntry } from '../shared/messages';
import { useAction } from '../ui/action';
import type { Send } from '../ui/connector';
import { FieldShell, Hint } from '../ui/Field';
import { t } from '../ui/i18n';
import { ErrorAlert, Notice, StatusMessage } from '../ui/Notices';
import {
  carrySelection,
  changeNotice,
  consentActionText,
  countText,
  entryLabel,
  fillButtonText,
  fillHold,
  fillRequest,
  freshKeys,
  groupEntries,
  isAllowed,
  nothingToFill,
  outcomeLines,
  type PreviewParams,
  pageChanged,
  previewRequest,
  previewShown,
  type RefreshCause,
  SETTLED,
  type Selection,
  type Settle,
  setEntry,
  setOrigin,
  skipReasonText,
  tickedKeys,
  unreachableText,
} from './fill-state';
import type { Target } from './target-tab';

/** Subscribe to the background's `forms/changed` for one tab; returns the unsubscribe. */
export type WatchForms = (tabId: number, onChange: () => void) => () => void;

/** Quiet time after the last `forms/changed` before the preview is asked again (SPAs change in bursts). */
const REFRESH_DELAY_MS = 250;

type Status = { kind: 'outcome'; outcome: FillOutcome } | { kind: 'text'; text: string } | null;

/** The section, whatever the target: a tab to preview, or nothing to fill. */
export function SiteSection(props: { target: Target | null; send: Send; watchForms?: WatchForms | undefined }) {
  const target = props.target;
  return target?.kind === 'tab' ? (
    <FillPreview key={target.tabId} tabId={target.tabId} send={props.send} watchForms={props.watchForms} />
  ) : (
    <section class="fill card" aria-labelledby="fill-site-heading" aria-busy={target === null ? 'true' : undefined}>
      <h2 id="fill-site-heading">{t('fillSiteHeading')}</h2>
      {target === null ? null : (
        <>
          <p class="fill-empty">{t('fillNothingHere')}</p>
          <p class="hint">{t('fillNothingHereHint')}</p>
        </>
      )}
    </section>
  );
}

export function FillPreview(props: { tabId: number; send: Send; watchForms?: WatchForms | undefined }) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [sel, setSelState] = useState<Selection | null>(null);
  const [loading, setLoading] = useState(true);
  const [previewError, setPreviewError] = useState<string | null>(null);
  /** Fill and save-as-default: their error and busy state (the status is richer: an outcome). */
  const action = useAction();
  const actionError = action.error;
  const [status, setStatus] = useState<Status>(null);
  const filling = action.busy === 'fill';
  const savingDefault = action.busy === 'default';
  /** The persona the site uses when none is chosen (the first preview's); null until known. */
  const [siteDefault, setSiteDefault] = useState<string | null>(null);

  // Mirrors for async work: a reply is merged into the newest state, not the one it started from.
  const latest = useRef<{ preview: Preview | null; sel: Selection | null }>({ preview: null, sel: null });
  /** The last preview shown and its selection, kept through an error: what the next one is compared with. */
  const shown = useRef<{ preview: Preview | null; sel: Selection | null }>({ preview: null, sel: null });
  /** Page changes and the pause after them (fill-state.ts); `settleTick` re-renders when the pause ends. */
  const settle = useRef<Settle>(SETTLED);
  const [, setSettleTick] = useState(0);
  const params = useRef<PreviewParams>({});
  const seq = useRef(0);
  const sectionRef = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const personaRef = useRef<HTMLSelectElement>(null);

  /** Change the selection from the newest preview and selection (two quick clicks both count). */
  const update = (f: (p: Preview, s: Selection) => Selection) => {
    const { preview: p, sel: s } = latest.current;
    if (!p || !s) return;
    const next = f(p, s);
    latest.current = { preview: p, sel: next };
    shown.current = latest.current;
    setSelState(next);
  };

  async function load(cause: RefreshCause = 'page') {
    const mine = ++seq.current;
    const asked = { ...params.current };
    const changesAsked = settle.current.changes;
    setLoading(true);
    const r = await props.send(previewRequest(props.tabId, asked));
    if (mine !== seq.current) return; // a newer request answers instead
    setLoading(false);
    if (!r.ok) {
      // No preview to wait for any more: the changes asked about are answered (by this error).
      settle.current = { ...settle.current, shown: Math.max(settle.current.shown, changesAsked) };
      // The controls go away: if focus was among them, put it on the section's heading.
      const hadFocus = Boolean(sectionRef.current?.contains(document.activeElement));
      setPreviewError(r.error.code);
      latest.current = { preview: null, sel: null };
      setPreview(null);
      setSelState(null);
      if (hadFocus) setTimeout(() => headingRef.current?.focus(), 0);
      return;
    }
    const { ok: _ok, ...next } = r;
    const before = latest.current.preview;
    if (before && !nothingToFill(before) && nothingToFill(next) && sectionRef.current?.contains(document.activeElement)) {
      // The page has nothing to fill any more: its controls go away, so focus goes to the heading.
      setTimeout(() => headingRef.current?.focus(), 0);
    }
    const prevSite = latest.current.preview?.site;
    if (prevSite !== undefined && prevSite !== next.site) {
      // The tab moved on to another site: the last outcome and default were about the old one.
      setStatus(null);
      setSiteDefault(null);
    }
    const after = previewShown(settle.current, Date.now(), changesAsked, next.changed === true);
    settle.current = after.settle;
    if (after.pageRefresh) setSettleTick((n) => n + 1);
    const base = shown.current;
    const carried = carrySelection(base.preview, base.sel, next, after.pageRefresh ? 'page' : cause);
    latest.current = { preview: next, sel: carried };
    shown.current = latest.current;
    setPreviewError(null);
    setPreview(next);
    setSelState(carried);
    if (asked.personaId === undefined) setSiteDefault((d) => d ?? next.personaId);
  }

  function ask(change: PreviewParams) {
    params.current = { ...params.current, ...change };
    action.setError(null);
    void load('person');
  }

  useEffect(() => {
    void load();
  }, []);

  // The pause after a page change ends by itself: render again then, so Fill comes back.
  const until = settle.current.until;
  useEffect(() => {
    const left = until - Date.now();
    if (left <= 0) return;
    const timer = setTimeout(() => setSettleTick((n) => n + 1), left + 20);
    return () => clearTimeout(timer);
  }, [until]);

  useEffect(() => {
    if (!props.watchForms) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = props.watchForms(props.tabId, () => {
      // Fill waits from now: the preview on screen no longer shows the page as it is.
      settle.current = pageChanged(settle.current);
      setSettleTick((n) => n + 1);
      clearTimeout(timer);
      timer = setTimeout(() => void load(), REFRESH_DELAY_MS);
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [props.tabId]);

  async function fill() {
    const p = latest.current.preview;
    const s = latest.current.sel;
    // Never fill from a preview that is being replaced: the person has not seen the new one yet. Nor
    // in the moment after the page changed (the reason is shown and announced beside the button).
    if (!p || !s || action.busy !== null || loading || fillHold(settle.current, Date.now()) !== null) return;
    const req = fillRequest(p, s);
    if (req.keys.length === 0) return;
    setStatus(null);
    await action.run(
      () => props.send(req),
      ({ ok: _ok, ...outcome }) => {
        setStatus({ kind: 'outcome', outcome });
        void load(); // a fresh plan for the next fill (the page may have moved on, too)
        return null;
      },
      {
        name: 'fill',
        onError: (code) => {
          if (code === 'errPlanExpired' || code === 'errFormChanged') void load();
        },
      },
    );
  }

  async function saveDefault() {
    const p = latest.current.preview;
    if (!p?.personaId) return;
    const personaId = p.personaId;
    await action.run(
      () => props.send({ type: 'sites/default-persona', site: p.site, personaId }),
      () => {
        setSiteDefault(personaId);
        const label = p.personas.find((x) => x.id === personaId)?.label ?? '';
        setStatus({ kind: 'text', text: t('fillDefaultSaved', [label, p.site]) });
        // The button goes away: keep focus on the chooser it belonged to.
        personaRef.current?.focus();
        return null;
      },
      { name: 'default' },
    );
  }

  const ticked = preview && sel ? tickedKeys(preview, sel).length : 0;
  const hold = fillHold(settle.current, Date.now());
  const fresh = preview && sel ? freshKeys(preview, sel) : new Set<string>();
  const notice = preview && sel ? changeNotice(hold, fresh.size) : null;
  const busy = loading || filling || hold !== null;
  // While a new preview is on its way, the controls show what the person asked for, not the old plan.
  const asked = params.current;
  const hasPersona = Boolean(preview && preview.personas.length > 0);
  // A page with nothing to fill gets no persona choice or options: they would change nothing.
  const empty = Boolean(preview && nothingToFill(preview));

  return (
    <>
      <section
        ref={sectionRef}
        class="fill card"
        aria-labelledby="fill-site-heading"
        aria-busy={loading || hold !== null ? 'true' : undefined}
      >
        <h2 id="fill-site-heading" ref={headingRef} tabIndex={-1}>
          {t('fillSiteHeading')}
        </h2>
        {preview ? <p class="fill-site">{preview.site}</p> : null}
        <ErrorAlert code={previewError ?? actionError} />
        {!preview && loading ? <p class="busy">{t('fillLoading')}</p> : null}
        {!preview && !loading && previewError ? (
          <div class="actions">
            <button type="button" class="btn btn-small" onClick={() => void load()}>
              {t('buttonRetry')}
            </button>
          </div>
        ) : null}
        {preview && sel && empty ? (
          <>
            <p class="fill-empty">{preview.skipped.length > 0 ? t('fillNoneFillable') : t('fillNoFields')}</p>
            {preview.unreachableFrames > 0 ? (
              <Notice kind="info">
                <p>{unreachableText(preview.unreachableFrames)}</p>
              </Notice>
            ) : null}
          </>
        ) : preview && sel ? (
          <>
            <PersonaChooser
              preview={preview}
              chosen={asked.personaId ?? preview.personaId}
              selectRef={personaRef}
              isDefault={siteDefault === null || preview.personaId === siteDefault}
              saving={savingDefault}
              onChoose={(personaId) => ask({ personaId })}
              onMakeDefault={() => void saveDefault()}
            />
            {hasPersona ? (
              <div class="fill-options">
                <Check
                  id="fill-required-only"
                  checked={asked.requiredOnly ?? preview.requiredOnly}
                  onChange={(on) => ask({ requiredOnly: on })}
                  label={t('fillRequiredOnly')}
                />
                <Check
                  id="fill-alias"
                  checked={asked.alias ?? preview.alias}
                  onChange={(on) => ask({ alias: on })}
                  label={t('fillAlias')}
                  hint={t('fillAliasHint')}
                />
              </div>
            ) : null}
            {preview.unreachableFrames > 0 ? (
              <Notice kind="info">
                <p>{unreachableText(preview.unreachableFrames)}</p>
              </Notice>
            ) : null}
            {hasPersona ? <Entries preview={preview} sel={sel} fresh={fresh} onSel={update} /> : null}
            {hasPersona && preview.entries.length > 0 ? (
              <div class="fill-submit">
                {notice ? (
                  <p id="fill-changed" class="hint fill-changed">
                    {notice}
                  </p>
                ) : null}
                <p id="fill-count" class="fill-count">
                  {countText(ticked)}
                </p>
                <button
                  type="button"
                  class="btn btn-primary"
                  disabled={ticked === 0}
                  aria-disabled={busy && ticked > 0 ? 'true' : undefined}
                  aria-describedby={notice ? 'fill-count fill-changed' : 'fill-count'}
                  onClick={() => void fill()}
                >
                  {fillButtonText(ticked)}
                </button>
                {filling ? <span class="busy">{t('working')}</span> : null}
              </div>
            ) : null}
          </>
        ) : null}
        <OutcomeStatus status={status} />
        {preview && (hasPersona || empty) && preview.skipped.length > 0 ? <SkippedList preview={preview} /> : null}
      </section>
      {/* Announced outside the section, which is busy while Fill waits (busy regions may hold announcements back). */}
      <StatusMessage id="fill-changed-status" message={notice} srOnly />
    </>
  );
}

function PersonaChooser(props: {
  preview: Preview;
  chosen: string | null;
  selectRef: { current: HTMLSelectElement | null };
  isDefault: boolean;
  saving: boolean;
  onChoose: (id: string) => void;
  onMakeDefault: () => void;
}) {
  const { personas, personaId } = props.preview;
  const chosen = props.chosen ?? personaId;
  if (personas.length === 0) return <p class="fill-empty">{t('errNoPersona')}</p>;
  if (personas.length === 1) return <p class="fill-persona-one">{t('fillPersonaUsed', personas[0]!.label)}</p>;
  return (
    <div class="fill-persona">
      <FieldShell id="fill-persona" label={t('fillPersona')}>
        {(a11y) => (
          <select {...a11y} ref={props.selectRef} value={chosen ?? ''} onChange={(e) => props.onChoose(e.currentTarget.value)}>
            {personas.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        )}
      </FieldShell>
      {!props.isDefault && personaId && chosen === personaId ? (
        <button type="button" class="btn btn-small" onClick={props.onMakeDefault} aria-disabled={props.saving ? 'true' : undefined}>
          {t('fillUseByDefault')}
        </button>
      ) : null}
    </div>
  );
}

function Check(props: { id: string; checked: boolean; onChange: (on: boolean) => void; label: string; hint?: string }) {
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  return (
    <div class="fill-check">
      <input
        type="checkbox"
        id={props.id}
        checked={props.checked}
        aria-describedby={hintId}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <label for={props.id}>{props.label}</label>
      {props.hint ? <Hint id={hintId}>{props.hint}</Hint> : null}
    </div>
  );
}

function Entries(props: {
  preview: Preview;
  sel: Selection;
  fresh: ReadonlySet<string>;
  onSel: (f: (p: Preview, s: Selection) => Selection) => void;
}) {
  const { preview, sel } = props;
  if (preview.entries.length === 0) {
    return <p class="fill-empty">{preview.skipped.length > 0 ? t('fillNoneFillable') : t('fillNoFields')}</p>;
  }
  const groups = groupEntries(preview);
  const row = (e: PreviewEntry) => (
    <EntryRow
      key={e.key}
      entry={e}
      checked={Boolean(sel.checked[e.key])}
      fresh={props.fresh.has(e.key)}
      onChange={(on) => props.onSel((p, s) => setEntry(p, s, e.key, on))}
    />
  );
  return (
    <>
      {groups.direct.length > 0 ? (
        <fieldset class="fill-group">
          <legend class="sr-only">{t('fillEntriesLegend')}</legend>
          <ul class="fill-entries">{groups.direct.map(row)}</ul>
        </fieldset>
      ) : null}
      {groups.terms.length > 0 ? (
        <fieldset class="fill-group fill-terms">
          <legend>{t('fillTermsAnswerLegend')}</legend>
          <ul class="fill-entries">{groups.terms.map(row)}</ul>
        </fieldset>
      ) : null}
      {groups.frames.map((g, i) => {
        const allowId = `fill-allow-${i}`;
        return (
          <fieldset key={g.origin} class="fill-group fill-frame">
            <legend>{t('fillFrameNotice', g.origin)}</legend>
            <p class="hint" id={`${allowId}-hint`}>
              {t('fillFrameHint')}
            </p>
            <div class="fill-check fill-allow">
              <input
                type="checkbox"
                id={allowId}
                checked={isAllowed(sel, g.origin)}
                aria-describedby={`${allowId}-hint`}
                onChange={(ev) => {
                  const on = ev.currentTarget.checked;
                  props.onSel((p, s) => setOrigin(p, s, g.origin, on));
                }}
              />
              <label for={allowId}>{t('fillFrameAllow', g.origin)}</label>
            </div>
            <ul class="fill-entries">{g.entries.map(row)}</ul>
          </fieldset>
        );
      })}
    </>
  );
}

function EntryRow(props: { entry: PreviewEntry; checked: boolean; fresh: boolean; onChange: (on: boolean) => void }) {
  const e = props.entry;
  // Ids from the key ("frameId:index"), unique within the preview.
  const id = `fill-entry-${e.key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <li class="fill-entry">
      <input
        type="checkbox"
        id={id}
        checked={props.checked}
        aria-describedby={`${id}-value`}
        onChange={(ev) => props.onChange(ev.currentTarget.checked)}
      />
      <div class="fill-entry-text">
        {/* "New" is part of the checkbox's name, so it is read with the field, not only seen. */}
        <label for={id}>
          {entryLabel(e)}
          {props.fresh ? (
            <>
              {' '}
              <span class="badge fill-new">{t('fillNewTag')}</span>
            </>
          ) : null}
        </label>
        <div id={`${id}-value`} class="fill-value">
          <span class={e.secret ? 'fill-display mono' : 'fill-display'}>{e.consent ? consentActionText(e.consent) : e.display}</span>
          {e.secret ? <span class="fill-meta">{t('fillSecret')}</span> : null}
          {e.required ? <span class="fill-meta">{t('fillRequired')}</span> : null}
          {/* Entries waiting for approval sit under their frame's notice, which names the origin. */}
          {e.crossOrigin && !e.needsApproval ? <span class="fill-meta fill-origin">{t('fillInFrame', e.origin)}</span> : null}
        </div>
      </div>
    </li>
  );
}

function OutcomeStatus(props: { status: Status }) {
  const s = props.status;
  if (s?.kind === 'text') return <StatusMessage message={s.text} />;
  const lines = s?.kind === 'outcome' ? outcomeLines(s.outcome) : null;
  return (
    <StatusMessage message={lines?.summary}>
      {lines && lines.notFilled.length > 0 ? (
        <ul class="fill-not-filled">
          {lines.notFilled.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ul>
      ) : null}
      {s?.kind === 'outcome' && s.outcome.shareId ? <p class="hint">{t('fillOutcomeLedger')}</p> : null}
    </StatusMessage>
  );
}

function SkippedList(props: { preview: Preview }) {
  const skipped = props.preview.skipped;
  return (
    <details class="fill-skipped">
      <summary>{t('fillSkippedSummary', skipped.length)}</summary>
      <ul>
        {skipped.map((s) => (
          <li key={s.key}>{t('fillSkippedItem', [entryLabel(s), skipReasonText(s.reason)])}</li>
        ))}
      </ul>
    </details>
  );
}
