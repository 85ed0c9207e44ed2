import { defineElement } from '../../utils/define';
import { WbMenuBarElement } from './menu-bar.element';

defineElement('wb-menu-bar', WbMenuBarElement);

declare global {
  interface HTMLElementTagNameMap {
    'wb-menu-bar': WbMenuBarElement;
  }
}
