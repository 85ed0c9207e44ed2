/** Registers every `wb-` element. Prefer the single `*.define` modules you need. */
import './components/icon/icon.define';
import './components/icon-button/icon-button.define';
import './components/button/button.define';
import './components/menu-bar/menu-bar.define';
import './components/module-launcher/module-launcher.define';
import './components/nav-drawer/nav-drawer.define';
import './components/app-shell/app-shell.define';
import './components/record-list/record-list.define';
import './components/record-view/record-view.define';
import './components/entity-list/entity-list.define';
import './components/entity-record/entity-record.define';
