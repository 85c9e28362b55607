/** Options page entry: renders the app with the real connector. */
import { render } from 'preact';
import '../ui/theme.css';
import { localizeDocument } from '../ui/i18n';
import { App } from './App';

localizeDocument('optionsTitle');
document.documentElement.classList.add('options');
render(<App />, document.getElementById('app')!);
