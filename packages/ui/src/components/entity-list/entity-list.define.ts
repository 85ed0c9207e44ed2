import '../icon/icon.define';
import '../icon-button/icon-button.define';
import '../button/button.define';
import '../record-list/record-list.define';
import { defineElement } from '../../utils/define';
import { WbEntityListElement } from './entity-list.element';

defineElement('wb-entity-list', WbEntityListElement);

declare global {
  interface HTMLElementTagNameMap {
    'wb-entity-list': WbEntityListElement;
  }
}
