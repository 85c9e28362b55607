/** Popup entry: wires the page to the extension (connector, options page) and renders it. */
import { render } from 'preact';
import '../ui/theme.css';
import { localizeDocument } from '../ui/i18n';
import { App } from './App';

localizeDocument();
document.documentElement.classList.add('popup');
render(<App openOptions={() => void chrome.runtime.openOptionsPage()} />, document.getElementById('app')!);
