/** Danger zone: wipe everything, after the person types WIPE. */
import { useState } from 'preact/hooks';
import { useAction } from '../ui/action';
import type { Send } from '../ui/connector';
import { TextField } from '../ui/Field';
import { t } from '../ui/i18n';
import { ErrorAlert } from '../ui/Notices';
import { Card, Screen } from '../ui/Screen';
import { SubmitRow } from '../ui/SubmitRow';

/** The word the background's `vault/wipe` requires; shown as is in every language. */
const WIPE_WORD = 'WIPE';

export function DangerSection(props: { send: Send; focus: boolean; onWiped: () => void }) {
  const [typed, setTyped] = useState('');
  const action = useAction();
  const { error } = action;
  const busy = action.busy !== null;
  const armed = typed.trim() === WIPE_WORD;

  async function submit(e: Event) {
    e.preventDefault();
    if (!armed) return;
    if (await action.run(() => props.send({ type: 'vault/wipe', confirm: WIPE_WORD }))) props.onWiped();
  }

  return (
    <Screen title={t('navDanger')} focus={props.focus}>
      <Card id="wipe-title" title={t('wipeTitle')} class="card-danger">
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
      </Card>
    </Screen>
  );
}
