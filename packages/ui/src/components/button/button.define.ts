import '../icon/icon.define';
import { defineElement } from '../../utils/define';
import { WbButtonElement } from './button.element';

defineElement('wb-button', WbButtonElement);

declare global {
  interface HTMLElementTagNameMap {
    'wb-button': WbButtonElement;
  }
}
