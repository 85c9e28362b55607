/**
 * The inputs of an intent draft, shared by the options page's compose form and the popup's quick
 * intent: each text input from one table (id, label, hint, kind), the budget, and the brands it
 * goes to. Ids are `${idPrefix}-${id}`, so both forms keep their own (`intent-what`, `quick-what`).
 */

import type { IntentBrand } from '../shared/messages';
import { SelectField, TextField, type TextFieldProps } from './Field';
import { t } from './i18n';
import { brandLabel, CURRENCIES, type IntentDraft, MAX_EXPIRY_DAYS } from './intents-view';

type DraftText = 'what' | 'category' | 'quantity' | 'region' | 'deadline' | 'expiryDays';
type InputProps = Pick<TextFieldProps, 'type' | 'inputmode' | 'min' | 'max' | 'maxLength' | 'required' | 'inputClass'>;

const TEXT_INPUTS: Readonly<Record<DraftText, { id: string; label: string; hint?: () => string; input: InputProps }>> = {
  what: { id: 'what', label: 'intentWhatLabel', hint: () => t('intentWhatHint'), input: { maxLength: 500, required: true } },
  category: { id: 'category', label: 'intentCategoryLabel', hint: () => t('intentCategoryHint'), input: { maxLength: 100 } },
  quantity: {
    id: 'quantity',
    label: 'intentQuantityLabel',
    input: { type: 'number', inputmode: 'numeric', min: 1, inputClass: 'input-short' },
  },
  region: { id: 'region', label: 'intentRegionLabel', hint: () => t('intentRegionHint'), input: { maxLength: 200 } },
  deadline: { id: 'deadline', label: 'intentDeadlineLabel', input: { type: 'date' } },
  expiryDays: {
    id: 'expiry',
    label: 'intentExpiryLabel',
    hint: () => t('intentExpiryHint', MAX_EXPIRY_DAYS),
    input: { type: 'number', inputmode: 'numeric', min: 1, max: MAX_EXPIRY_DAYS, inputClass: 'input-short' },
  },
};

export interface DraftProps {
  idPrefix: string;
  draft: IntentDraft;
  set: (patch: Partial<IntentDraft>) => void;
}

/** One text input of the draft. `noHint`: without its hint (the popup, where room is short). */
export function DraftField(props: DraftProps & { name: DraftText; error?: string | null; noHint?: boolean }) {
  const spec = TEXT_INPUTS[props.name];
  return (
    <TextField
      {...spec.input}
      id={`${props.idPrefix}-${spec.id}`}
      label={t(spec.label)}
      hint={props.noHint ? undefined : spec.hint?.()}
      value={props.draft[props.name]}
      error={props.error}
      onValue={(v) => props.set({ [props.name]: v } as Partial<IntentDraft>)}
    />
  );
}

/** Amount and currency side by side. */
export function BudgetFields(props: DraftProps) {
  const { idPrefix: p, draft, set } = props;
  return (
    <div class="intent-budget">
      <TextField
        id={`${p}-amount`}
        label={t('intentBudgetLabel')}
        hint={t('intentBudgetHint')}
        inputmode="decimal"
        inputClass="input-short"
        value={draft.amount}
        onValue={(amount) => set({ amount })}
      />
      <SelectField
        id={`${p}-currency`}
        label={t('intentCurrencyLabel')}
        value={draft.currency}
        onValue={(currency) => set({ currency })}
        options={CURRENCIES.map((c) => ({ value: c, label: c }))}
      />
    </div>
  );
}

/** Checkboxes for the brands an intent goes to. */
export function BrandChecklist(props: {
  idPrefix: string;
  brands: readonly IntentBrand[];
  selected: readonly string[];
  onChange: (ids: string[]) => void;
}) {
  const { idPrefix: p } = props;
  return (
    <fieldset class="intent-checklist">
      <legend>{t('intentBrandsLegend')}</legend>
      {props.brands.length === 0 ? (
        <p class="muted">{t('intentBrandsNone')}</p>
      ) : (
        props.brands.map((b, n) => (
          <div class="ledger-check" key={b.id}>
            <input
              type="checkbox"
              id={`${p}-brand-${n}`}
              checked={props.selected.includes(b.id)}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                props.onChange(on ? [...props.selected, b.id] : props.selected.filter((x) => x !== b.id));
              }}
            />
            <label for={`${p}-brand-${n}`}>
              {brandLabel(b)} <span class="muted">{b.origin}</span>
            </label>
          </div>
        ))
      )}
    </fieldset>
  );
}
