import '../icon/icon.define';
import '../icon-button/icon-button.define';
import '../button/button.define';
import { defineElement } from '../../utils/define';
import { WbRecordListElement } from './record-list.element';

defineElement('wb-record-list', WbRecordListElement);

declare global {
  interface HTMLElementTagNameMap {
    'wb-record-list': WbRecordListElement;
  }
}
