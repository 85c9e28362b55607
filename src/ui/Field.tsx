/**
 * A labelled control with its hint and error. The control gets `aria-describedby` (error first,
 * then hint, then anything extra) and `aria-invalid` when the field has a problem. Errors are i18n keys.
 */
import type { ComponentChildren, Ref } from 'preact';
import { t } from './i18n';

export interface A11yProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: 'true';
}

export interface FieldShellProps {
  id: string;
  label: string;
  hint?: string | undefined;
  /** i18n key of this field's error, shown under it. */
  error?: string | null | undefined;
  /** Mark invalid without an own message (the message is elsewhere, e.g. an alert: pass its id). */
  invalid?: boolean;
  describedBy?: string | undefined;
  class?: string;
}

/** A field's hint: the paragraph its control names in aria-describedby. */
export function Hint(props: { id: string | undefined; children: ComponentChildren }) {
  return (
    <p id={props.id} class="hint">
      {props.children}
    </p>
  );
}

export function FieldShell(props: FieldShellProps & { children: (a11y: A11yProps) => ComponentChildren }) {
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  const errorId = props.error ? `${props.id}-error` : undefined;
  const describedBy = [errorId, hintId, props.describedBy].filter(Boolean).join(' ') || undefined;
  const invalid = Boolean(props.error) || props.invalid;
  const a11y: A11yProps = { id: props.id };
  if (describedBy) a11y['aria-describedby'] = describedBy;
  if (invalid) a11y['aria-invalid'] = 'true';
  return (
    <div class={`field ${invalid ? 'field-invalid' : ''} ${props.class ?? ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.children(a11y)}
      {props.error ? (
        <p id={errorId} class="field-error">
          {t(props.error)}
        </p>
      ) : null}
      {props.hint ? <Hint id={hintId}>{props.hint}</Hint> : null}
    </div>
  );
}

export interface TextFieldProps extends FieldShellProps {
  value: string;
  onValue: (v: string) => void;
  type?: 'text' | 'email' | 'tel' | 'url' | 'date' | 'password' | 'number' | 'search';
  autocomplete?: string;
  inputRef?: Ref<HTMLInputElement>;
  inputmode?: 'text' | 'email' | 'tel' | 'url' | 'numeric' | 'decimal' | 'none' | 'search';
  spellcheck?: boolean;
  autocapitalize?: 'off' | 'none' | 'on' | 'sentences' | 'words' | 'characters';
  required?: boolean;
  min?: string | number;
  max?: string | number;
  maxLength?: number;
  inputClass?: string;
}

export function TextField(props: TextFieldProps) {
  return (
    <FieldShell {...props}>
      {(a11y) => (
        <input
          {...a11y}
          ref={props.inputRef}
          class={props.inputClass}
          // One control for several types; preact's typings narrow attributes per literal type.
          type={(props.type ?? 'text') as 'text'}
          value={props.value}
          onInput={(e) => props.onValue(e.currentTarget.value)}
          autocomplete={props.autocomplete ?? 'off'}
          inputMode={props.inputmode}
          spellcheck={props.spellcheck}
          autocapitalize={props.autocapitalize}
          required={props.required}
          aria-required={props.required ? 'true' : undefined}
          min={props.min}
          max={props.max}
          maxLength={props.maxLength}
        />
      )}
    </FieldShell>
  );
}

export function TextAreaField(props: FieldShellProps & { value: string; onValue: (v: string) => void; rows?: number; maxLength?: number }) {
  return (
    <FieldShell {...props}>
      {(a11y) => (
        <textarea
          {...a11y}
          rows={props.rows ?? 3}
          value={props.value}
          maxLength={props.maxLength}
          onInput={(e) => props.onValue(e.currentTarget.value)}
          autocomplete="off"
        />
      )}
    </FieldShell>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(props: FieldShellProps & { value: string; onValue: (v: string) => void; options: readonly Option[] }) {
  return (
    <FieldShell {...props}>
      {(a11y) => (
        <select {...a11y} value={props.value} onChange={(e) => props.onValue(e.currentTarget.value)}>
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

/** The passphrase in use (unlock, change): marked invalid, and described by the alert `errorId`, while it is wrong. */
export function PassphraseField(props: {
  id: string;
  label: string;
  value: string;
  onValue: (v: string) => void;
  inputRef: Ref<HTMLInputElement>;
  errorId: string | undefined;
}) {
  return (
    <TextField
      id={props.id}
      label={props.label}
      type="password"
      autocomplete="current-password"
      value={props.value}
      onValue={props.onValue}
      inputRef={props.inputRef}
      invalid={Boolean(props.errorId)}
      describedBy={props.errorId}
      required
    />
  );
}
