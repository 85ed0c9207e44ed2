import '../button/button.define';
import '../record-view/record-view.define';
import { defineElement } from '../../utils/define';
import { WbEntityRecordElement } from './entity-record.element';

defineElement('wb-entity-record', WbEntityRecordElement);

declare global {
  interface HTMLElementTagNameMap {
    'wb-entity-record': WbEntityRecordElement;
  }
}
