import '../icon/icon.define';
import '../button/button.define';
import '../menu-bar/menu-bar.define';
import { defineElement } from '../../utils/define';
import { WbRecordViewElement } from './record-view.element';

defineElement('wb-record-view', WbRecordViewElement);

declare global {
  interface HTMLElementTagNameMap {
    'wb-record-view': WbRecordViewElement;
  }
}
