/**
 * A locked vault: unlock with the passphrase, or recover with the recovery code (which sets a new
 * passphrase and hands out a new recovery code, confirmed like at onboarding).
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Send } from '../connector';
import { t } from '../i18n';
import { RecoverForm } from '../RecoverForm';
import { RecoveryCodeStep } from '../RecoveryCodeStep';
import { type HeadingLevel, Screen } from '../Screen';
import { UnlockForm } from '../UnlockForm';

type Step = { name: 'unlock' } | { name: 'recover' } | { name: 'new-code'; code: string };

export function LockedFlow(props: {
  send: Send;
  level?: HeadingLevel;
  onUnlocked: () => void;
  /** Put the cursor in the passphrase field on first show (the popup: open it, type, Enter). */
  autoFocus?: boolean;
  intro?: ComponentChildren;
}) {
  const [step, setStep] = useState<Step>({ name: 'unlock' });
  const [first, setFirst] = useState(true);
  const level = props.level ?? 1;
  const go = (s: Step) => {
    setFirst(false);
    setStep(s);
  };

  switch (step.name) {
    case 'unlock': {
      const focusField = first ? Boolean(props.autoFocus) : false;
      return (
        <Screen key="unlock" title={t('unlockTitle')} level={level} focus={!focusField && !first}>
          {props.intro}
          <UnlockForm
            autoFocus={focusField}
            onUnlock={async (passphrase) => {
              const r = await props.send({ type: 'vault/unlock', passphrase });
              if (!r.ok) return r.error.code;
              props.onUnlocked();
              return null;
            }}
          />
          <div class="actions alt-path">
            <button type="button" class="btn btn-link" onClick={() => go({ name: 'recover' })}>
              {t('buttonUseRecoveryCode')}
            </button>
          </div>
        </Screen>
      );
    }
    case 'recover':
      return (
        <Screen key="recover" title={t('recoverTitle')} level={level}>
          <p>{t('recoverIntro')}</p>
          <RecoverForm
            onBack={() => go({ name: 'unlock' })}
            onRecover={async (recoveryCode, newPassphrase) => {
              const r = await props.send({ type: 'vault/recover', recoveryCode, newPassphrase });
              if (!r.ok) return r.error.code;
              go({ name: 'new-code', code: r.recoveryCode });
              return null;
            }}
          />
        </Screen>
      );
    case 'new-code':
      return <RecoveryCodeStep key="new-code" code={step.code} level={level} onConfirmed={props.onUnlocked} />;
  }
}
