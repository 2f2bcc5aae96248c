// The Switchyard dashboard: Preact components built by Vite (`npm run build`) into one script and one
// stylesheet, served by the gateway itself; nothing from a CDN, nothing inline (the CSP forbids it).
// Every string from the gateway reaches the DOM through Preact's text and attribute bindings:
// nothing is ever parsed as HTML (no dangerouslySetInnerHTML anywhere).
import { render } from 'preact';
import { App } from './app.js';
import './app.css';

const root = document.getElementById('app');
if (root === null) throw new Error('dashboard: #app is missing from the page');
render(<App />, root);
