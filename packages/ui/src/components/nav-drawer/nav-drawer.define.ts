import '../icon/icon.define';
import '../icon-button/icon-button.define';
import { defineElement } from '../../utils/define';
import { WbNavDrawerElement } from './nav-drawer.element';

defineElement('wb-nav-drawer', WbNavDrawerElement);

declare global {
  interface HTMLElementTagNameMap {
    'wb-nav-drawer': WbNavDrawerElement;
  }
}
