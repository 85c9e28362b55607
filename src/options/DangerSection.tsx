/** Danger zone: wipe everything, after the person types WIPE. */
import { useState } from 'preact/hooks';
import type { Send } from '../ui/connector';
import { TextField } from '../ui/Field';
import { t } from '../ui/i18n';
import { ErrorAlert } from '../ui/Notices';
import { Heading, Screen } from '../ui/Screen';
import { SubmitRow } from '../ui/SubmitRow';

/** The word the background's `vault/wipe` requires; shown as is in every language. */
export const WIPE_WORD = 'WIPE';

export function DangerSection(props: { send: Send; focus: boolean; onWiped: () => void }) {
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const armed = typed.trim() === WIPE_WORD;

  async function submit(e: Event) {
    e.preventDefault();
    if (!armed || busy) return;
    setError(null);
    setBusy(true);
    const r = await props.send({ type: 'vault/wipe', confirm: WIPE_WORD });
    setBusy(false);
    if (!r.ok) {
      setError(r.error.code);
      return;
    }
    props.onWiped();
  }

  return (
    <Screen title={t('navDanger')} focus={props.focus}>
      <section class="card card-danger" aria-labelledby="wipe-title">
        <Heading level={2} id="wipe-title">
          {t('wipeTitle')}
        </Heading>
        <p>{t('wipeText')}</p>
        <form class="form" onSubmit={submit} noValidate aria-busy={busy ? 'true' : undefined}>
          <TextField
            id="wipe-confirm"
            label={t('labelWipeConfirm', WIPE_WORD)}
            value={typed}
            onValue={setTyped}
            autocapitalize="characters"
            spellcheck={false}
            inputClass="input-short mono"
          />
          <ErrorAlert code={error} />
          <SubmitRow
            label={t('buttonWipe')}
            problem={armed ? null : t('wipeProblem', WIPE_WORD)}
            problemId="wipe-problem"
            busy={busy}
            danger
          />
        </form>
      </section>
    </Screen>
  );
}
