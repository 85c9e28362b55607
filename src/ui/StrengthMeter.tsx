/**
 * Passphrase strength, shown as a bar (decoration) and as text (the information), with the
 * estimator's warnings. The text is a polite live region so a change of level is announced.
 */
import type { Strength } from '../shared/strength';
import { t } from './i18n';

const LEVEL_KEYS = ['strength0', 'strength1', 'strength2', 'strength3', 'strength4'] as const;

export function StrengthMeter(props: { id: string; result: Strength | null }) {
  const r = props.result;
  const score = r ? Math.max(0, Math.min(4, Math.round(r.score))) : 0;
  return (
    <div class="strength" id={props.id} data-score={r ? score : undefined}>
      <div class="strength-bar" aria-hidden="true">
        <span />
        <span />
        <span />
        <span />
      </div>
      <p class="strength-text" aria-live="polite">
        {r ? t('strengthLabel', t(LEVEL_KEYS[score] ?? 'strength0')) : t('strengthNone')}
      </p>
      {r && r.warnings.length > 0 ? (
        <ul class="strength-warnings">
          {r.warnings.map((w) => (
            <li key={w}>{t(w)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
