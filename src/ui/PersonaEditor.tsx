/**
 * The persona form. `quick` is the onboarding form (label, name, email, phone, country); `full` is
 * every field, with addresses. It validates with PersonaSchema before saving, shows each issue next to
 * its field and focuses the first one; the background validates again when it saves.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Persona } from '../shared/records';
import { fromCode, useAction } from './action';
import { countryOptions } from './countries';
import { type FieldShellProps, SelectField, TextAreaField, TextField, type TextFieldProps } from './Field';
import { t, uiLanguage } from './i18n';
import { ErrorAlert } from './Notices';
import {
  ADDRESS_LABEL_KEYS,
  type AddressDraft,
  type AddressKey,
  addressErrorKey,
  emptyAddress,
  type FieldErrors,
  PERSONA_LABEL_KEYS,
  type PersonaDraft,
  type PersonaKey,
  validateDraft,
} from './persona-form';

const MAX_ADDRESSES = 20;

/** How an input is typed and helped; its label is persona-form.ts' (PERSONA_LABEL_KEYS, ADDRESS_LABEL_KEYS). */
interface FieldUi {
  hint?: string;
  /** Two grid columns wide (one where the grid has only one): for values too long for one. */
  wide?: boolean;
  type?: TextFieldProps['type'];
  inputmode?: TextFieldProps['inputmode'];
  autocapitalize?: TextFieldProps['autocapitalize'];
  spellcheck?: boolean;
  maxLength?: number;
}

const PERSONA_UI: Record<PersonaKey, FieldUi> = {
  label: { hint: 'hintPersonaLabel', maxLength: 60 },
  'honorific-prefix': { hint: 'hintHonorificPrefix', autocapitalize: 'words' },
  'given-name': { autocapitalize: 'words', spellcheck: false },
  'additional-name': { autocapitalize: 'words', spellcheck: false },
  'family-name': { autocapitalize: 'words', spellcheck: false },
  nickname: { spellcheck: false },
  // Email and web addresses run long: two columns wide, so a whole one shows.
  email: { type: 'email', inputmode: 'email', spellcheck: false, autocapitalize: 'off', wide: true },
  tel: { hint: 'hintTel', type: 'tel', inputmode: 'tel' },
  organization: {},
  'organization-title': {},
  bday: { type: 'date' },
  sex: {},
  url: { hint: 'hintUrl', type: 'url', inputmode: 'url', spellcheck: false, autocapitalize: 'off', wide: true },
  language: { hint: 'hintLanguage', spellcheck: false, autocapitalize: 'off' },
};

const ADDRESS_UI: Record<AddressKey, FieldUi> = {
  label: { hint: 'hintAddressLabel', maxLength: 60 },
  'street-address': { hint: 'hintStreetAddress' },
  'address-line1': { hint: 'hintAddressLines' },
  'address-line2': {},
  'address-line3': {},
  'address-level2': {},
  'address-level1': {},
  'postal-code': { autocapitalize: 'characters', spellcheck: false },
  country: {},
};

const GROUPS: { legend: string; keys: PersonaKey[] }[] = [
  { legend: 'groupName', keys: ['honorific-prefix', 'given-name', 'additional-name', 'family-name', 'nickname'] },
  { legend: 'groupContact', keys: ['email', 'tel', 'url'] },
  { legend: 'groupWork', keys: ['organization', 'organization-title'] },
  { legend: 'groupPersonal', keys: ['bday', 'sex', 'language'] },
];

const QUICK_KEYS: PersonaKey[] = ['label', 'given-name', 'family-name', 'email', 'tel'];

function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export interface PersonaEditorProps {
  initial: PersonaDraft;
  variant: 'quick' | 'full';
  /** Save a valid persona; resolves to an error code, or null when saved. */
  onSave: (persona: Persona) => Promise<string | null>;
  submitLabel: string;
  onCancel?: () => void;
  cancelLabel?: string;
  /** Makes new address ids (crypto.randomUUID in pages; deterministic in tests). */
  newId: () => string;
}

export function PersonaEditor(props: PersonaEditorProps) {
  const [draft, setDraft] = useState<PersonaDraft>(() =>
    props.variant === 'quick' && props.initial.addresses.length === 0
      ? { ...props.initial, addresses: [emptyAddress(props.newId())] }
      : props.initial,
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const action = useAction();
  const formError = action.error;
  const busy = action.busy !== null;
  const [focusRequest, setFocusRequest] = useState<{ selector: string } | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const prefix = 'persona';

  useEffect(() => {
    if (!focusRequest) return;
    form.current?.querySelector<HTMLElement>(focusRequest.selector)?.focus();
    setFocusRequest(null);
  }, [focusRequest]);

  const clearError = (key: string) =>
    setErrors((e) => {
      if (!(key in e)) return e;
      const { [key]: _gone, ...rest } = e;
      return rest;
    });

  const setValue = (key: PersonaKey, v: string) => {
    setDraft((d) => ({ ...d, values: { ...d.values, [key]: v } }));
    clearError(key);
  };
  const setAddressValue = (index: number, key: AddressKey, v: string) => {
    setDraft((d) => ({
      ...d,
      addresses: d.addresses.map((a, i) => (i === index ? { ...a, values: { ...a.values, [key]: v } } : a)),
    }));
    clearError(addressErrorKey(index, key));
  };
  const addAddress = () => {
    const index = draft.addresses.length;
    setDraft((d) => ({ ...d, addresses: [...d.addresses, emptyAddress(props.newId())] }));
    setFocusRequest({ selector: `#${prefix}-addr-${index}-label` });
  };
  const removeAddress = (index: number) => {
    setDraft((d) => ({ ...d, addresses: d.addresses.filter((_, i) => i !== index) }));
    // Errors of later addresses would now point at the wrong one: drop all address errors.
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith('addresses.'))));
    setFocusRequest({ selector: '#persona-add-address' });
  };

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    action.begin();
    const result = validateDraft(draft, Date.now());
    if (!result.ok) {
      setErrors(result.errors);
      action.setError(result.errors.form ?? 'personaFixFields');
      setFocusRequest({ selector: '[aria-invalid="true"]' });
      return;
    }
    setErrors({});
    await action.run(() => fromCode(props.onSave(result.persona)));
  }

  const personaField = (key: PersonaKey) => {
    const ui = PERSONA_UI[key];
    return (
      <TextField
        key={key}
        id={`${prefix}-${key}`}
        class={ui.wide ? 'field-wide' : undefined}
        label={t(PERSONA_LABEL_KEYS[key])}
        hint={ui.hint ? t(ui.hint) : undefined}
        type={ui.type}
        inputmode={ui.inputmode}
        autocapitalize={ui.autocapitalize}
        spellcheck={ui.spellcheck}
        maxLength={ui.maxLength}
        max={key === 'bday' ? todayIso() : undefined}
        value={draft.values[key]}
        onValue={(v) => setValue(key, v)}
        error={errors[key]}
        required={key === 'label'}
      />
    );
  };

  return (
    <form
      ref={form}
      class={`form persona-editor persona-editor-${props.variant}`}
      onSubmit={submit}
      noValidate
      aria-busy={busy ? 'true' : undefined}
    >
      {props.variant === 'quick' ? (
        <>
          {QUICK_KEYS.map(personaField)}
          {draft.addresses[0] ? (
            <CountryField
              id={`${prefix}-addr-0-country`}
              value={draft.addresses[0].values.country}
              onValue={(v) => setAddressValue(0, 'country', v)}
              error={errors[addressErrorKey(0, 'country')]}
            />
          ) : null}
        </>
      ) : (
        <>
          {personaField('label')}
          {GROUPS.map((g) => (
            <fieldset key={g.legend} class="group">
              <legend>{t(g.legend)}</legend>
              <div class="grid">{g.keys.map(personaField)}</div>
            </fieldset>
          ))}
          <fieldset class="group">
            <legend>{t('groupAddresses')}</legend>
            {draft.addresses.length === 0 ? <p class="muted">{t('addressesNone')}</p> : null}
            {draft.addresses.map((a, i) => (
              <AddressFields
                key={a.id}
                index={i}
                address={a}
                prefix={prefix}
                errors={errors}
                onValue={(k, v) => setAddressValue(i, k, v)}
                onRemove={() => removeAddress(i)}
              />
            ))}
            <button
              type="button"
              id="persona-add-address"
              class="btn"
              onClick={addAddress}
              disabled={draft.addresses.length >= MAX_ADDRESSES}
            >
              {t('buttonAddAddress')}
            </button>
          </fieldset>
        </>
      )}
      <ErrorAlert code={formError} />
      <div class="actions">
        <button type="submit" class="btn btn-primary" aria-disabled={busy ? 'true' : undefined}>
          {props.submitLabel}
        </button>
        {props.onCancel ? (
          <button type="button" class="btn btn-quiet" onClick={props.onCancel}>
            {props.cancelLabel ?? t('buttonCancel')}
          </button>
        ) : null}
        {busy ? <span class="busy">{t('working')}</span> : null}
      </div>
    </form>
  );
}

function CountryField(props: { id: string; value: string; onValue: (v: string) => void; error?: string | undefined }) {
  const options = useMemo(() => [{ value: '', label: t('countryNone') }, ...countryOptions(uiLanguage())], []);
  return (
    <SelectField
      id={props.id}
      label={t('fieldCountry')}
      value={props.value}
      onValue={props.onValue}
      options={options}
      error={props.error}
    />
  );
}

function AddressFields(props: {
  index: number;
  address: AddressDraft;
  prefix: string;
  errors: FieldErrors;
  onValue: (key: AddressKey, v: string) => void;
  onRemove: () => void;
}) {
  const { index, address } = props;
  const id = (k: AddressKey) => `${props.prefix}-addr-${index}-${k}`;
  const common = (k: AddressKey): FieldShellProps & { value: string; onValue: (v: string) => void } => {
    const ui = ADDRESS_UI[k];
    return {
      id: id(k),
      label: t(ADDRESS_LABEL_KEYS[k]),
      hint: ui.hint ? t(ui.hint) : undefined,
      value: address.values[k],
      onValue: (v: string) => props.onValue(k, v),
      error: props.errors[addressErrorKey(index, k)],
    };
  };
  const text = (k: AddressKey): ComponentChildren => {
    const ui = ADDRESS_UI[k];
    return <TextField key={k} {...common(k)} autocapitalize={ui.autocapitalize} spellcheck={ui.spellcheck} maxLength={ui.maxLength} />;
  };
  return (
    <fieldset class="address">
      <legend>{t('addressLegend', index + 1)}</legend>
      <div class="grid">
        {text('label')}
        <TextAreaField {...common('street-address')} rows={3} />
        {text('address-line1')}
        {text('address-line2')}
        {text('address-line3')}
        {text('address-level2')}
        {text('address-level1')}
        {text('postal-code')}
        <CountryField
          id={id('country')}
          value={address.values.country}
          onValue={(v) => props.onValue('country', v)}
          error={props.errors[addressErrorKey(index, 'country')]}
        />
      </div>
      <div class="actions">
        <button type="button" class="btn btn-quiet btn-danger-text" onClick={props.onRemove}>
          {t('buttonRemoveAddress', index + 1)}
        </button>
      </div>
    </fieldset>
  );
}
