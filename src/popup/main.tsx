import { render } from 'preact';
render(<p>Proffer</p>, document.getElementById('app')!);
