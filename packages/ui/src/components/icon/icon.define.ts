import { defineElement } from '../../utils/define';
import { WbIconElement } from './icon.element';

defineElement('wb-icon', WbIconElement);

declare global {
  interface HTMLElementTagNameMap {
    'wb-icon': WbIconElement;
  }
}
