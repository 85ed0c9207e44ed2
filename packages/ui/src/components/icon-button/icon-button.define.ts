import '../icon/icon.define';
import { defineElement } from '../../utils/define';
import { WbIconButtonElement } from './icon-button.element';

defineElement('wb-icon-button', WbIconButtonElement);

declare global {
  interface HTMLElementTagNameMap {
    'wb-icon-button': WbIconButtonElement;
  }
}
