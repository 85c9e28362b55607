/** Choose the vault's passphrase; the button stays disabled, with the reason shown, until it is usable. */
import { t } from './i18n';
import { NewPassphraseForm, useNewPassphraseForm } from './NewPassphrase';

export function CreateVaultForm(props: { onCreate: (passphrase: string) => Promise<string | null> }) {
  const { form } = useNewPassphraseForm({
    idPrefix: 'create',
    label: t('labelPassphrase'),
    confirmLabel: t('labelConfirmPassphrase'),
    submitLabel: t('buttonCreateVault'),
    send: props.onCreate,
  });
  return <NewPassphraseForm {...form} />;
}
