/** The compose form: what the person wants, what they reveal, to which brands; save, then broadcast. */
import { useRef, useState } from 'preact/hooks';
import type { IntentBrand } from '../../shared/messages';
import type { Persona, Terms } from '../../shared/records';
import type { Send } from '../../ui/connector';
import { SelectField } from '../../ui/Field';
import { t } from '../../ui/i18n';
import { useBroadcast } from '../../ui/intent-broadcast';
import { BrandChecklist, BudgetFields, DraftField, type DraftProps } from '../../ui/intent-fields';
import { buildIntent, CONDITION_KEYS, CONDITIONS, emptyIntentDraft, type IntentDraft, revealableFields } from '../../ui/intents-view';
import { ErrorAlert } from '../../ui/Notices';

export function ComposeForm(props: {
  send: Send;
  brands: IntentBrand[];
  personas: Persona[];
  terms: Terms[];
  activeTermsId: string | null;
  now: () => number;
  onSent: (message: string) => Promise<void>;
}) {
  const defaultTerms = props.activeTermsId ?? '';
  const [draft, setDraft] = useState<IntentDraft>(() => emptyIntentDraft());
  const [termsTouched, setTermsTouched] = useState(false);
  const { action, errorAfter, broadcast } = useBroadcast();
  const busy = action.busy !== null;
  const [tried, setTried] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const d: IntentDraft = termsTouched ? draft : { ...draft, termsId: defaultTerms };
  const set = (patch: Partial<IntentDraft>) => setDraft((x) => ({ ...x, ...patch }));
  const draftProps: DraftProps = { idPrefix: 'intent', draft: d, set };
  const built = buildIntent(d, props.now());
  const problem = built.ok ? null : built.problem;
  const persona = props.personas.find((p) => p.id === d.personaId);
  const fields = revealableFields(persona);

  async function submit(e: Event) {
    e.preventDefault();
    setTried(true);
    if (busy || problem) return;
    const sent = await broadcast(props.send, d, props.now());
    if (sent === 'saved') await props.onSent('');
    if (sent === null || sent === 'saved') return;
    setDraft(emptyIntentDraft());
    setTermsTouched(false);
    setTried(false);
    await props.onSent(sent);
    headingRef.current?.focus();
  }

  return (
    <section class="card" aria-labelledby="intent-compose-title">
      <h2 id="intent-compose-title" ref={headingRef} tabIndex={-1}>
        {t('intentComposeHeading')}
      </h2>
      <form class="form intent-form" onSubmit={submit} noValidate aria-busy={busy ? 'true' : undefined}>
        <DraftField {...draftProps} name="what" error={tried && problem === 'intentProblemWhat' ? problem : null} />
        <DraftField {...draftProps} name="category" />
        <BudgetFields {...draftProps} />
        <div class="grid">
          <DraftField {...draftProps} name="quantity" />
          <SelectField
            id="intent-condition"
            label={t('intentConditionLabel')}
            value={d.condition}
            onValue={(v) => set({ condition: v as IntentDraft['condition'] })}
            options={CONDITIONS.map((c) => ({ value: c, label: t(CONDITION_KEYS[c]) }))}
          />
          <DraftField {...draftProps} name="region" />
          <DraftField {...draftProps} name="deadline" />
        </div>

        <fieldset class="intent-reveal">
          <legend>{t('intentRevealLegend')}</legend>
          <p class="hint" id="intent-reveal-hint">
            {t('intentRevealHint')}
          </p>
          <SelectField
            id="intent-persona"
            label={t('intentPersonaLabel')}
            value={d.personaId}
            onValue={(personaId) => set({ personaId, reveal: [] })}
            options={[{ value: '', label: t('intentPersonaNone') }, ...props.personas.map((p) => ({ value: p.id, label: p.label }))]}
          />
          {persona ? (
            fields.length === 0 ? (
              <p class="muted">{t('intentRevealNoFields')}</p>
            ) : (
              <ul class="intent-checklist-fields" aria-label={t('intentRevealFieldsLabel', persona.label)}>
                {fields.map((f) => (
                  <li key={f.token} class="ledger-check">
                    <input
                      type="checkbox"
                      id={`intent-reveal-${f.token}`}
                      checked={d.reveal.includes(f.token)}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        set({ reveal: on ? [...d.reveal, f.token] : d.reveal.filter((x) => x !== f.token) });
                      }}
                    />
                    <label for={`intent-reveal-${f.token}`}>{t(f.label)}</label>
                  </li>
                ))}
              </ul>
            )
          ) : null}
        </fieldset>

        <SelectField
          id="intent-terms"
          label={t('intentTermsLabel')}
          hint={t('intentTermsHint')}
          value={d.termsId}
          onValue={(termsId) => {
            setTermsTouched(true);
            set({ termsId });
          }}
          options={[
            ...props.terms.map((x) => ({ value: x.id, label: x.id === props.activeTermsId ? t('intentTermsInForce', x.title) : x.title })),
            { value: '', label: t('intentTermsNone') },
          ]}
        />
        <DraftField {...draftProps} name="expiryDays" error={tried && problem === 'intentProblemExpiry' ? problem : null} />
        <BrandChecklist idPrefix="intent" brands={props.brands} selected={d.brandIds} onChange={(brandIds) => set({ brandIds })} />
        <ErrorAlert code={action.error} after={errorAfter} />
        <div class="actions">
          <button
            type="submit"
            class="btn btn-primary"
            aria-disabled={busy || problem ? 'true' : undefined}
            aria-describedby="intent-problem"
          >
            {t('intentSend')}
          </button>
          {busy ? <span class="busy">{t('working')}</span> : null}
        </div>
        <p id="intent-problem" class="problem">
          {problem ? t(problem) : ''}
        </p>
      </form>
    </section>
  );
}
