import '@portico/ui/define';
import { PorticoShellElement } from './portico-shell.element';

if (!customElements.get('portico-shell')) customElements.define('portico-shell', PorticoShellElement);

declare global {
  interface HTMLElementTagNameMap {
    'portico-shell': PorticoShellElement;
  }
}
