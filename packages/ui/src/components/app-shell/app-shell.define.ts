import '../icon/icon.define';
import '../module-launcher/module-launcher.define';
import '../nav-drawer/nav-drawer.define';
import { defineElement } from '../../utils/define';
import { WbAppShellElement } from './app-shell.element';

defineElement('wb-app-shell', WbAppShellElement);

declare global {
  interface HTMLElementTagNameMap {
    'wb-app-shell': WbAppShellElement;
  }
}
