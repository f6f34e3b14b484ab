import { render } from 'preact';
import { App } from './app.js';
import { takeTokenFromUrl } from './lib/session.js';
import './styles.css';

takeTokenFromUrl();
const root = document.getElementById('app');
if (root) render(<App />, root);
