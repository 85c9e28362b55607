/**
 * First run: create the vault, save and confirm the recovery code, add a first persona, done.
 * Used by the popup and by the options page. Talks to the background only through `send`.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { CreateVaultForm } from '../CreateVaultForm';
import type { Send } from '../connector';
import { t } from '../i18n';
import { PersonaEditor } from '../PersonaEditor';
import { emptyDraft } from '../persona-form';
import { RecoveryCodeStep } from '../RecoveryCodeStep';
import { Heading, type HeadingLevel, Screen } from '../Screen';

type Step = { name: 'create' } | { name: 'recovery'; code: string } | { name: 'persona' } | { name: 'done' };

export function Onboarding(props: {
  send: Send;
  level?: HeadingLevel;
  onDone: () => void;
  /** Shown under the create form (the options page offers restoring a backup there). */
  createExtra?: ComponentChildren;
  newId?: () => string;
}) {
  const [step, setStep] = useState<Step>({ name: 'create' });
  const level = props.level ?? 1;
  const sub = Math.min(3, level + 1) as HeadingLevel;
  const newId = props.newId ?? (() => crypto.randomUUID());

  switch (step.name) {
    case 'create':
      return (
        <Screen key="create" title={t('welcomeTitle')} level={level} class="onboarding">
          <p class="lead">{t('welcomeLine1')}</p>
          <p class="lead">{t('welcomeLine2')}</p>
          <section class="card" aria-labelledby="create-title">
            <Heading level={sub} id="create-title">
              {t('createTitle')}
            </Heading>
            <p class="muted">{t('createIntro')}</p>
            <CreateVaultForm
              onCreate={async (passphrase) => {
                const r = await props.send({ type: 'vault/create', passphrase });
                if (!r.ok) return r.error.code;
                setStep({ name: 'recovery', code: r.recoveryCode });
                return null;
              }}
            />
          </section>
          {props.createExtra}
        </Screen>
      );
    case 'recovery':
      return <RecoveryCodeStep key="recovery" code={step.code} level={level} onConfirmed={() => setStep({ name: 'persona' })} />;
    case 'persona':
      return (
        <Screen key="persona" title={t('firstPersonaTitle')} level={level}>
          <p>{t('firstPersonaIntro')}</p>
          <PersonaEditor
            variant="quick"
            initial={emptyDraft(newId(), Date.now(), t('personaDefaultLabel'))}
            newId={newId}
            submitLabel={t('buttonSavePersona')}
            onCancel={() => setStep({ name: 'done' })}
            cancelLabel={t('buttonSkip')}
            onSave={async (persona) => {
              const r = await props.send({ type: 'personas/save', persona });
              if (!r.ok) return r.error.code;
              setStep({ name: 'done' });
              return null;
            }}
          />
        </Screen>
      );
    case 'done':
      return (
        <Screen key="done" title={t('doneTitle')} level={level}>
          <p>{t('doneText')}</p>
          <div class="actions">
            <button type="button" class="btn btn-primary" onClick={props.onDone}>
              {t('buttonContinue')}
            </button>
          </div>
        </Screen>
      );
  }
}
