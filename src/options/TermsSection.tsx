/**
 * Personal terms: the version in force, every version saved, presets to start from, and an editor
 * whose "Save as new version" never changes a saved version (versions are content-addressed: see
 * shared/terms.ts). The canonical text and its SHA-256 are shown live, as brands will receive them.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ROSTER, rosterAgreement } from '../shared/myterms';
import type { Terms } from '../shared/records';
import {
  CLAUSE_KINDS,
  type ClauseKind,
  canonicalText,
  clauseKind,
  customClause,
  DEFAULT_RETENTION_DAYS,
  MAX_RETENTION_DAYS,
  makeClause,
  normalizeTitle,
  PRESET_IDS,
  type PresetId,
  presetDraft,
  sha256Hex,
  shortHash,
  type TermsClause,
  termsMeta,
} from '../shared/terms';
import { useAction } from '../ui/action';
import { agreementPlainWords } from '../ui/agreement-words';
import type { Send } from '../ui/connector';
import { isVaultClosed } from '../ui/errors';
import { Hint, SelectField, TextField } from '../ui/Field';
import { t, uiLanguage } from '../ui/i18n';
import { absoluteTime } from '../ui/ledger-view';
import { ErrorAlert, StatusMessage } from '../ui/Notices';
import { Card, Screen } from '../ui/Screen';
import { SubmitRow } from '../ui/SubmitRow';

const HEADING_ID = 'terms-title';
const ACTIVE_ID = 'terms-active-title';
/** What a version's text may hold (records.ts TermsSchema.text). */
const MAX_TEXT = 20000;

const PRESET_KEYS: Readonly<Record<PresetId, string>> = {
  nostalking: 'termsPresetNostalking',
  'transaction-only': 'termsPresetTransactionOnly',
  'leave-me-alone': 'termsPresetLeaveMeAlone',
  blank: 'termsPresetBlank',
};

const CLAUSE_KIND_KEYS: Readonly<Record<ClauseKind, string>> = {
  'no-stalking': 'termsClauseNoStalking',
  'no-sale': 'termsClauseNoSale',
  'this-transaction': 'termsClauseThisTransaction',
  'delete-after': 'termsClauseDeleteAfter',
  'no-profiling': 'termsClauseNoProfiling',
  'contact-email': 'termsClauseContactEmail',
  'no-contact': 'termsClauseNoContact',
};

interface Draft {
  title: string;
  preset?: string | undefined;
  clauses: TermsClause[];
  /** The roster agreement named; '' for none. */
  agreementId: string;
}

type DraftSource = {
  title: string;
  preset?: string | undefined;
  clauses: readonly TermsClause[];
  agreementId?: string | undefined;
};

const draftOf = (x: DraftSource): Draft => ({
  title: x.title,
  preset: x.preset,
  clauses: x.clauses.map((c) => ({ ...c })),
  agreementId: x.agreementId ?? '',
});

/** Why the draft cannot be saved yet (an i18n key), or null. */
function draftProblem(d: Draft, text: string): string | null {
  if (!normalizeTitle(d.title)) return 'termsNeedTitle';
  if (!d.clauses.some((c) => c.text.trim())) return 'termsNeedClause';
  if (text.length > MAX_TEXT) return 'termsTooLong';
  return null;
}

export function TermsSection(props: { send: Send; focus: boolean }) {
  const { send } = props;
  const lang = uiLanguage();
  const [list, setList] = useState<Terms[] | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const action = useAction();
  const { error, status, setStatus } = action;
  const busy = action.busy === 'save';
  const [draft, setDraft] = useState<Draft | null>(null);
  const [start, setStart] = useState<string>('current');
  const [addKind, setAddKind] = useState<string>('');
  const editorHeading = useRef<HTMLHeadingElement>(null);

  async function load(): Promise<{ terms: Terms[]; activeId: string | null } | null> {
    const r = await send({ type: 'terms/list' });
    if (!r.ok) {
      if (!isVaultClosed(r.error.code)) action.setError(r.error.code);
      return null;
    }
    setList(r.terms);
    setActiveId(r.activeId);
    return { terms: r.terms, activeId: r.activeId };
  }
  useEffect(() => {
    void load().then((r) => {
      const active = r?.terms.find((x) => x.id === r.activeId);
      setDraft(active ? draftOf(active) : draftOf(presetDraft('nostalking')));
    });
  }, []);

  const active = list?.find((x) => x.id === activeId) ?? null;
  const text = useMemo(
    () => (draft ? canonicalText(draft.title, draft.clauses, rosterAgreement(draft.agreementId || undefined)) : ''),
    [draft],
  );
  const hash = useMemo(() => (text ? sha256Hex(text) : ''), [text]);
  const problem = draft ? draftProblem(draft, text) : null;
  const unchanged = Boolean(active && hash === active.sha256);

  function edit(from: DraftSource, focusEditor = true) {
    setDraft(draftOf(from));
    setStatus(null);
    if (focusEditor) setTimeout(() => editorHeading.current?.focus(), 0);
  }

  function loadStart() {
    if (start === 'current') {
      if (active) edit(active);
    } else edit(presetDraft(start as PresetId));
  }

  const setClauses = (f: (c: TermsClause[]) => TermsClause[]) => setDraft((d) => (d ? { ...d, clauses: f(d.clauses) } : d));

  function move(i: number, by: -1 | 1) {
    setClauses((c) => {
      const j = i + by;
      if (j < 0 || j >= c.length) return c;
      const next = [...c];
      [next[i], next[j]] = [next[j]!, next[i]!];
      return next;
    });
    // Focus follows the clause it moved: the same button, or its text when that button is now disabled.
    setTimeout(() => {
      const j = i + by;
      const button = document.getElementById(`terms-clause-${j}-${by < 0 ? 'up' : 'down'}`) as HTMLButtonElement | null;
      (button && !button.disabled ? button : document.getElementById(`terms-clause-${j}`))?.focus();
    }, 0);
  }

  function remove(i: number) {
    setClauses((c) => c.filter((_, k) => k !== i));
    setTimeout(() => document.getElementById('terms-clauses-legend')?.focus(), 0);
  }

  function add() {
    if (!draft) return;
    const clause: TermsClause = addValue === 'custom' ? customClause('', draft.clauses) : makeClause(addValue as ClauseKind);
    const at = draft.clauses.length;
    setClauses((c) => [...c, clause]);
    setAddKind('');
    setTimeout(() => document.getElementById(`terms-clause-${at}`)?.focus(), 0);
  }

  async function save(e: Event) {
    e.preventDefault();
    if (!draft || problem) return;
    const clauses = draft.clauses.map((c) => ({ id: c.id, text: c.text.trim() })).filter((c) => c.text);
    const meta = termsMeta(clauses);
    const known = new Set((list ?? []).map((x) => x.id));
    await action.run(
      () =>
        send({
          type: 'terms/save',
          title: normalizeTitle(draft.title),
          ...(draft.preset ? { preset: draft.preset } : {}),
          clauses,
          purposes: meta.purposes,
          ...(meta.retentionDays !== undefined ? { retentionDays: meta.retentionDays } : {}),
          contact: meta.contact,
          ...(draft.agreementId ? { agreementId: draft.agreementId } : {}),
        }),
      async (r) => {
        await load();
        return known.has(r.terms.id) ? t('termsSavedExisting', r.terms.title) : t('termsSaved', r.terms.title);
      },
      { name: 'save' },
    );
  }

  async function activate(v: Terms) {
    const done = await action.run(
      () => send({ type: 'terms/activate', id: v.id }),
      async () => {
        await load();
        return t('termsActivated', v.title);
      },
    );
    if (done) document.getElementById(ACTIVE_ID)?.focus();
  }

  const usedKinds = new Set((draft?.clauses ?? []).map((c) => clauseKind(c.id)));
  const addOptions = [
    ...CLAUSE_KINDS.filter((k) => !usedKinds.has(k)).map((k) => ({ value: k, label: t(CLAUSE_KIND_KEYS[k]) })),
    { value: 'custom', label: t('termsAddCustom') },
  ];
  const addValue = addOptions.some((o) => o.value === addKind) ? addKind : addOptions[0]!.value;

  return (
    <Screen title={t('termsNav')} headingId={HEADING_ID} focus={props.focus}>
      <p class="muted">{t('termsIntro')}</p>
      <ErrorAlert code={error} />
      <StatusMessage message={status} />

      <Card id={ACTIVE_ID} title={t('termsInForce')} focus={false}>
        {list === null ? (
          error ? null : (
            <p class="busy">{t('termsLoading')}</p>
          )
        ) : active ? (
          <TermsView terms={active} lang={lang} />
        ) : (
          <p>{t('termsNoneInForce')}</p>
        )}
      </Card>

      <section class="card" aria-labelledby="terms-versions-title">
        <h2 id="terms-versions-title">{t('termsVersionsHeading')}</h2>
        {list && list.length > 0 ? (
          <ul class="terms-versions">
            {list.map((v) => {
              const isActive = v.id === activeId;
              return (
                <li key={v.id} class="terms-version">
                  <div class="terms-version-text">
                    <p class="terms-version-title">
                      <strong>{v.title}</strong>
                      {isActive ? <span class="badge badge-success">{t('termsInForceBadge')}</span> : null}
                    </p>
                    <p class="hint">{t('termsVersionMeta', [absoluteTime(v.createdAt, lang), shortHash(v.sha256)])}</p>
                  </div>
                  <div class="actions">
                    {isActive ? null : (
                      <button
                        type="button"
                        class="btn btn-small"
                        aria-label={t('termsActivateNamed', [v.title, shortHash(v.sha256)])}
                        onClick={() => void activate(v)}
                      >
                        {t('termsActivate')}
                      </button>
                    )}
                    <button
                      type="button"
                      class="btn btn-small"
                      aria-label={t('termsEditNamed', [v.title, shortHash(v.sha256)])}
                      onClick={() => edit(v)}
                    >
                      {t('termsEdit')}
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        ) : list ? (
          <p>{t('termsNoVersions')}</p>
        ) : null}
      </section>

      {draft ? (
        <section class="card" aria-labelledby="terms-editor-title">
          <h2 id="terms-editor-title" ref={editorHeading} tabIndex={-1}>
            {t('termsEditorHeading')}
          </h2>
          <p class="muted">{t('termsEditorIntro')}</p>
          <div class="terms-start">
            <SelectField
              id="terms-start"
              label={t('termsStartFrom')}
              value={start}
              onValue={setStart}
              options={[
                ...(active ? [{ value: 'current', label: t('termsPresetCurrent') }] : []),
                ...PRESET_IDS.map((p) => ({ value: p, label: t(PRESET_KEYS[p]) })),
              ]}
            />
            <button type="button" class="btn" onClick={loadStart}>
              {t('termsStartButton')}
            </button>
          </div>
          <form class="form" onSubmit={save} noValidate aria-busy={busy ? 'true' : undefined}>
            <TextField
              id="terms-title-input"
              label={t('termsTitleLabel')}
              value={draft.title}
              maxLength={200}
              onValue={(title) => setDraft({ ...draft, title })}
              required
            />
            <AgreementPicker value={draft.agreementId} onValue={(agreementId) => setDraft({ ...draft, agreementId })} />
            <fieldset class="terms-clauses">
              <legend id="terms-clauses-legend" tabIndex={-1}>
                {t('termsClausesLegend')}
              </legend>
              {draft.clauses.length === 0 ? <p class="muted">{t('termsNoClauses')}</p> : null}
              <ol class="terms-clause-list">
                {draft.clauses.map((c, i) => (
                  <ClauseEditor
                    // By position: a clause's id changes with its days, and its editor must keep focus meanwhile.
                    key={i}
                    index={i}
                    count={draft.clauses.length}
                    clause={c}
                    onChange={(next) => setClauses((all) => all.map((x, k) => (k === i ? next : x)))}
                    onMove={(by) => move(i, by)}
                    onRemove={() => remove(i)}
                  />
                ))}
              </ol>
              <div class="terms-add">
                <SelectField id="terms-add-kind" label={t('termsAddLabel')} value={addValue} onValue={setAddKind} options={addOptions} />
                <button type="button" class="btn" onClick={add}>
                  {t('termsAddButton')}
                </button>
              </div>
            </fieldset>
            <details class="terms-preview">
              <summary>{t('termsPreviewSummary')}</summary>
              <pre class="terms-text">{text}</pre>
            </details>
            <p class="hint mono terms-hash">{t('termsPreviewHash', hash)}</p>
            <SubmitRow
              label={unchanged ? t('termsSaveUnchanged') : t('termsSave')}
              problem={problem ? t(problem) : null}
              problemId="terms-problem"
              note={unchanged ? t('termsUnchangedHint') : ''}
              busy={busy}
            />
          </form>
        </section>
      ) : null}
    </Screen>
  );
}

/** One version, read only: its clauses in order and what they mean for retention and contact. */
function TermsView(props: { terms: Terms; lang: string }) {
  const v = props.terms;
  const agreement = rosterAgreement(v.agreementId);
  return (
    <div class="terms-view">
      <p class="terms-version-title">
        <strong>{v.title}</strong>
      </p>
      <ol class="terms-clauses-read">
        {v.clauses.map((c) => (
          <li key={c.id}>{c.text}</li>
        ))}
      </ol>
      {agreement ? (
        <div class="terms-agreement">
          <p>
            <strong>{t('termsAgreementInForce', [agreement.title, agreement.id])}</strong>
          </p>
          <p class="muted">{agreementPlainWords(agreement)}</p>
        </div>
      ) : null}
      <ul class="terms-facts">
        {v.retentionDays ? <li>{t('termsRetention', v.retentionDays)}</li> : null}
        {v.contact === 'email' ? <li>{t('termsContactEmail')}</li> : v.contact === 'none' ? <li>{t('termsContactNone')}</li> : null}
      </ul>
      <p class="hint">{t('termsVersionMeta', [absoluteTime(v.createdAt, props.lang), shortHash(v.sha256)])}</p>
      <p class="hint mono terms-version-id">{t('termsVersionId', v.versionId)}</p>
    </div>
  );
}

/** The roster agreement the terms name, and what each one means in plain words. */
function AgreementPicker(props: { value: string; onValue: (id: string) => void }) {
  const chosen = rosterAgreement(props.value || undefined);
  return (
    <div class="terms-agreement-pick">
      <SelectField
        id="terms-agreement"
        label={t('termsAgreementLabel')}
        hint={chosen ? agreementPlainWords(chosen) : t('termsAgreementHint')}
        value={props.value}
        onValue={props.onValue}
        options={[
          ...ROSTER.agreements.map((a) => ({ value: a.id, label: `${a.title} (${a.id})` })),
          { value: '', label: t('termsAgreementNone') },
        ]}
      />
      <details class="terms-roster">
        <summary>{t('termsRosterSummary', ROSTER.version)}</summary>
        <dl>
          {ROSTER.agreements.map((a) => (
            <div key={a.id}>
              <dt>
                {a.title} ({a.id})
              </dt>
              <dd>
                {agreementPlainWords(a)} <span class="hint mono">SHA-256 {shortHash(a.sha256)}…</span>
              </dd>
            </div>
          ))}
        </dl>
        <p class="hint">{t('termsRosterDraftNote')}</p>
      </details>
    </div>
  );
}

function ClauseEditor(props: {
  index: number;
  count: number;
  clause: TermsClause;
  onChange: (c: TermsClause) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { clause: c, index: i } = props;
  const kind = clauseKind(c.id);
  const id = `terms-clause-${i}`;
  const n = i + 1;
  const days = kind === 'delete-after' ? Number(/(\d+)$/.exec(c.id)?.[1] ?? DEFAULT_RETENTION_DAYS) : 0;
  const [daysText, setDaysText] = useState(String(days));
  // Another clause moved into this place: show its days.
  useEffect(() => {
    if (Number(daysText) !== days) setDaysText(String(days));
  }, [days]);
  const hintId = `${id}-kind`;
  return (
    <li class="terms-clause">
      <div class="field">
        <label for={id}>{t('termsClauseLabel', n)}</label>
        <textarea
          id={id}
          rows={3}
          maxLength={4000}
          value={c.text}
          aria-describedby={hintId}
          onInput={(e) => props.onChange({ ...c, text: e.currentTarget.value })}
          autocomplete="off"
        />
        <Hint id={hintId}>{kind ? t(CLAUSE_KIND_KEYS[kind]) : t('termsClauseCustom')}</Hint>
      </div>
      {kind === 'delete-after' ? (
        <TextField
          id={`${id}-days`}
          label={t('termsClauseDays')}
          hint={t('termsClauseDaysHint')}
          type="number"
          inputmode="numeric"
          min={1}
          max={MAX_RETENTION_DAYS}
          inputClass="input-short"
          value={daysText}
          onValue={(v) => {
            setDaysText(v);
            const d = Number(v);
            if (Number.isInteger(d) && d >= 1 && d <= MAX_RETENTION_DAYS) props.onChange(makeClause('delete-after', d));
          }}
        />
      ) : null}
      <div class="actions">
        <button
          type="button"
          id={`${id}-up`}
          class="btn btn-small"
          disabled={i === 0}
          aria-label={t('termsMoveUpNamed', n)}
          onClick={() => props.onMove(-1)}
        >
          {t('termsMoveUp')}
        </button>
        <button
          type="button"
          id={`${id}-down`}
          class="btn btn-small"
          disabled={i === props.count - 1}
          aria-label={t('termsMoveDownNamed', n)}
          onClick={() => props.onMove(1)}
        >
          {t('termsMoveDown')}
        </button>
        <button type="button" class="btn btn-small btn-danger-text" aria-label={t('termsRemoveNamed', n)} onClick={props.onRemove}>
          {t('termsRemove')}
        </button>
      </div>
    </li>
  );
}
