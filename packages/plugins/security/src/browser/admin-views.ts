import { LitElement, css, html, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import '@portico/ui/components/record-list/record-list.define';
import '@portico/ui/components/record-view/record-view.define';
import '@portico/ui/components/button/button.define';
import './audit-views';
import type { RecordFieldError, RecordListColumn, RecordOpenDetail, RecordSaveDetail, RecordSection } from '@portico/ui';
import { ApiError, api, navigate, session } from '@portico/ui/session';
import { SecurityPrivileges as P, type GroupView, type StaffUserView } from '../common/index';

const pageStyles = css`
  :host {
    display: block;
    padding: var(--wb-space-4) var(--wb-space-6) var(--wb-space-12);
  }
`;

const dateTime = (value: unknown): string =>
  value ? new Date(String(value)).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : 'Never';

const messageOf = (error: unknown): string => (error instanceof ApiError ? error.message : 'The server could not be reached. Check your connection and try again.');

/** A confirmation to show on the next record page (after a save that changed the URL). */
let flash = '';

const CONFLICT = 'Someone else changed this record after you opened it. Reload it to see their changes, then make yours again.';

/** Base of a list page: loads rows, reloads on refresh and search. */
abstract class ListPage<R extends object> extends LitElement {
  static override styles = pageStyles;

  @property({ attribute: false }) params: Record<string, string> = {};
  @property({ attribute: false }) query: Record<string, string> = {};

  @state() protected rows: R[] = [];
  @state() protected loading = true;
  @state() protected error = '';
  protected keyword = '';

  protected abstract url(keyword: string): string;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loading = true;
    this.error = '';
    try {
      this.rows = (await api<{ items: R[] }>(this.url(this.keyword))).items;
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.loading = false;
    }
  }

  protected onSearch(event: CustomEvent<{ query: string }>): void {
    this.keyword = event.detail.query;
    void this.load();
  }
}

/** @summary `/security/staff-users`: the staff user list. */
export class SecurityStaffListElement extends ListPage<StaffUserView> {
  private readonly columns: RecordListColumn<StaffUserView>[] = [
    { key: 'name', label: 'Name', width: '28%' },
    { key: 'email', label: 'E-mail address', width: '32%' },
    { key: 'disabled', label: 'Status', format: (v) => (v ? 'Disabled' : 'Active') },
    { key: 'lastSignInAt', label: 'Last sign-in', format: dateTime },
  ];

  protected url(keyword: string): string {
    return `/api/security/staff-users?limit=200${keyword ? `&q=${encodeURIComponent(keyword)}` : ''}`;
  }

  override render(): TemplateResult {
    return html`<wb-record-list
      heading="Staff Users"
      noun="staff user"
      export-name="staff-users"
      empty-text="No staff users yet."
      .columns=${this.columns}
      .rows=${this.rows}
      ?loading=${this.loading}
      error=${this.error}
      ?can-create=${session.can(P.staffCreate)}
      @wb-create=${() => navigate('/security/staff-users/new')}
      @wb-refresh=${() => void this.load()}
      @wb-search=${this.onSearch}
      @wb-open=${(e: CustomEvent<RecordOpenDetail<StaffUserView>>) => navigate(`/security/staff-users/${e.detail.row.id}`)}
    ></wb-record-list>`;
  }
}

/** @summary `/security/groups`: the privilege group list. */
export class SecurityGroupListElement extends ListPage<GroupView> {
  private readonly columns: RecordListColumn<GroupView>[] = [
    { key: 'name', label: 'Name', width: '30%' },
    { key: 'description', label: 'Description', width: '45%' },
    { key: 'memberCount', label: 'Members' },
    { key: 'builtin', label: 'Built-in', format: (v) => (v ? 'Yes' : 'No') },
  ];

  protected url(): string {
    return '/api/security/groups';
  }

  override render(): TemplateResult {
    const q = this.keyword.toLowerCase();
    const rows = q ? this.rows.filter((r) => `${r.name} ${r.description}`.toLowerCase().includes(q)) : this.rows;
    return html`<wb-record-list
      heading="Privilege Groups"
      noun="group"
      export-name="privilege-groups"
      empty-text="No privilege groups yet."
      .columns=${this.columns}
      .rows=${rows}
      ?loading=${this.loading}
      error=${this.error}
      ?can-create=${session.can(P.groupCreate)}
      @wb-create=${() => navigate('/security/groups/new')}
      @wb-refresh=${() => void this.load()}
      @wb-search=${(e: CustomEvent<{ query: string }>) => (this.keyword = e.detail.query, this.requestUpdate())}
      @wb-open=${(e: CustomEvent<RecordOpenDetail<GroupView>>) => navigate(`/security/groups/${e.detail.row.id}`)}
    ></wb-record-list>`;
  }
}

/** Base of a record page: `params.id` is a record id, or absent for "new". */
abstract class RecordPage<R extends { id: string; version: number }> extends LitElement {
  static override styles = pageStyles;

  @property({ attribute: false }) params: Record<string, string> = {};
  @property({ attribute: false }) query: Record<string, string> = {};

  @state() protected record?: R;
  @state() protected values: Record<string, unknown> = {};
  @state() protected errors: RecordFieldError[] = [];
  @state() protected message = '';
  @state() protected notice = '';
  @state() protected busy = false;
  @state() protected loaded = false;

  protected abstract readonly listPath: string;
  protected abstract readonly apiPath: string;

  protected get isNew(): boolean {
    return !this.params.id;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('params')) void this.load();
  }

  protected abstract toValues(record: R | undefined): Record<string, unknown>;
  protected abstract toBody(values: Record<string, unknown>): Record<string, unknown>;
  protected abstract loadExtras(): Promise<void>;

  protected async load(): Promise<void> {
    this.loaded = false;
    this.message = '';
    this.notice = '';
    this.errors = [];
    try {
      await this.loadExtras();
      this.record = this.isNew ? undefined : await api<R>(`${this.apiPath}/${encodeURIComponent(this.params.id!)}`);
      this.values = this.toValues(this.record);
      this.notice = flash;
    } catch (error) {
      this.message = messageOf(error);
    } finally {
      flash = '';
      this.loaded = true;
    }
  }

  protected mapErrors(fields: RecordFieldError[]): RecordFieldError[] {
    return fields;
  }

  protected async onSave(event: CustomEvent<RecordSaveDetail>): Promise<void> {
    this.busy = true;
    this.message = '';
    this.notice = '';
    this.errors = [];
    try {
      const body = this.toBody(event.detail.values);
      const saved = this.record
        ? await api<R>(`${this.apiPath}/${this.record.id}`, { method: 'PATCH', body: { ...body, version: this.record.version } })
        : await api<R>(this.apiPath, { method: 'POST', body });
      if (event.detail.close) {
        navigate(this.listPath);
        return;
      }
      this.record = saved;
      this.values = this.toValues(saved);
      this.notice = 'Saved.';
      if (this.isNew) {
        flash = 'Saved.';
        navigate(`${this.listPath}/${saved.id}`, { replace: true });
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) this.message = CONFLICT;
      else {
        const fields = error instanceof ApiError ? this.mapErrors(error.fields) : [];
        this.errors = fields;
        this.message = fields.length ? 'The record was not saved. Correct the fields marked below and save again.' : messageOf(error);
      }
    } finally {
      this.busy = false;
    }
  }
}

/** @summary `/security/staff-users/:id` and `/new`: one staff user. */
export class SecurityStaffRecordElement extends RecordPage<StaffUserView> {
  protected readonly listPath = '/security/staff-users';
  protected readonly apiPath = '/api/security/staff-users';
  @state() private groups: GroupView[] = [];
  @state() private groupsVisible = true;

  protected async loadExtras(): Promise<void> {
    // Reading groups needs its own privilege: without it the memberships are shown as a count.
    try {
      this.groups = (await api<{ items: GroupView[] }>('/api/security/groups')).items;
      this.groupsVisible = true;
    } catch {
      this.groups = [];
      this.groupsVisible = false;
    }
  }

  protected toValues(r: StaffUserView | undefined): Record<string, unknown> {
    if (!r) return { name: '', email: '', disabled: false, groupIds: [], password: '' };
    return { name: r.name, email: r.email, disabled: r.disabled, groupIds: r.groupIds, failedSignIns: r.failedSignIns, lastSignInAt: r.lastSignInAt };
  }

  protected toBody(v: Record<string, unknown>): Record<string, unknown> {
    const body: Record<string, unknown> = { name: v.name, email: v.email, disabled: v.disabled === true, groupIds: v.groupIds ?? [] };
    if (typeof v.password === 'string' && v.password) body.password = v.password;
    return body;
  }

  private sections(): RecordSection[] {
    const sections: RecordSection[] = [
      {
        title: 'Staff User',
        fields: [
          { name: 'name', label: 'Full name', type: 'text', required: true, autocomplete: 'off' },
          { name: 'email', label: 'E-mail address', type: 'email', required: true, help: 'Used to sign in.' },
          { name: 'disabled', label: 'Disabled', type: 'yesno', help: 'A disabled user cannot sign in.' },
          ...(this.isNew
            ? [{ name: 'password', label: 'Password', type: 'password' as const, help: 'At least 12 characters. Leave empty to set one later.' }]
            : []),
        ],
      },
      {
        title: 'Privilege Groups',
        fields: this.groupsVisible ? [
          {
            name: 'groupIds',
            label: 'Member of',
            type: 'multi',
            help: 'The user holds every privilege of every group ticked here.',
            options: this.groups.map((g) => ({ value: g.id, label: g.name })),
          },
        ] : [
          {
            name: 'groupIds',
            label: 'Member of',
            type: 'static',
            wide: true,
            format: (v) => {
              const n = (v as string[] | undefined)?.length ?? 0;
              return `${n === 0 ? 'No groups' : n === 1 ? '1 group' : `${n} groups`} (you may not read privilege groups, so their names are not shown)`;
            },
          },
        ],
      },
    ];
    if (!this.isNew) {
      sections.push({
        title: 'Sign-in activity',
        fields: [
          { name: 'lastSignInAt', label: 'Last sign-in', type: 'static', format: dateTime },
          { name: 'failedSignIns', label: 'Failed sign-ins since the last success', type: 'static', format: (v) => String(v ?? 0) },
        ],
      });
    }
    return sections;
  }

  override render(): TemplateResult {
    const canSave = this.isNew ? session.can(P.staffCreate) : session.can(P.staffWrite);
    return html`<wb-record-view
      heading=${this.isNew ? 'New Staff User' : (this.record?.name ?? (this.loaded ? 'Staff User' : 'Loading…'))}
      entity-label="Staff User"
      .sections=${this.loaded ? this.sections() : []}
      .values=${this.values}
      .errors=${this.errors}
      message=${this.message}
      notice=${this.notice}
      ?readonly=${!canSave}
      ?busy=${this.busy}
      @wb-save=${this.onSave}
      @wb-cancel=${() => navigate(this.listPath)}
    ></wb-record-view>
    ${this.record ? html`<security-audit-history entity="security_staffuser" record-id=${this.record.id}></security-audit-history>` : ''}`;
  }
}

interface PrivilegeCatalog {
  modules: Array<{ privilege: string; label: string }>;
  entities: Array<{ logicalName: string; label: string }>;
}
const ACTIONS = [
  { value: 'read', label: 'Read' },
  { value: 'write', label: 'Write' },
  { value: 'create', label: 'Create' },
  { value: 'delete', label: 'Delete' },
];

/** @summary `/security/groups/:id` and `/new`: one privilege group and its grants. */
export class SecurityGroupRecordElement extends RecordPage<GroupView> {
  protected readonly listPath = '/security/groups';
  protected readonly apiPath = '/api/security/groups';

  /** Modules and kinds of record that plugins let groups grant (GET /api/security/privilege-catalog). */
  private catalog: PrivilegeCatalog = { modules: [], entities: [] };

  protected async loadExtras(): Promise<void> {
    this.catalog = await api<PrivilegeCatalog>('/api/security/privilege-catalog');
  }

  protected toValues(r: GroupView | undefined): Record<string, unknown> {
    const privileges = (r?.grants ?? []).map((g) => g.privilege);
    return {
      name: r?.name ?? '',
      description: r?.description ?? '',
      modules: privileges.filter((p) => p.startsWith('module.')),
      entities: privileges.filter((p) => p.startsWith('entity.')),
    };
  }

  protected toBody(v: Record<string, unknown>): Record<string, unknown> {
    const existing = new Map((this.record?.grants ?? []).map((g) => [g.privilege, g.scope]));
    const privileges = [...((v.modules as string[]) ?? []), ...((v.entities as string[]) ?? [])];
    return {
      name: v.name,
      description: v.description ?? '',
      grants: privileges.map((privilege) => ({ privilege, scope: existing.get(privilege) ?? 'all' })),
    };
  }

  protected override mapErrors(fields: RecordFieldError[]): RecordFieldError[] {
    return fields.map((f) => (f.path.startsWith('grants') ? { ...f, path: 'entities' } : f));
  }

  private async deleteRecord(): Promise<void> {
    if (!this.record || !confirm(`Delete the group “${this.record.name}”? Its members lose its privileges.`)) return;
    try {
      await api(`${this.apiPath}/${this.record.id}`, { method: 'DELETE' });
      navigate(this.listPath);
    } catch (error) {
      this.message = messageOf(error);
    }
  }

  override render(): TemplateResult {
    const builtin = Boolean(this.record?.builtin);
    const canSave = !builtin && (this.isNew ? session.can(P.groupCreate) : session.can(P.groupWrite));
    const sections: RecordSection[] = [
      {
        title: 'Privilege Group',
        fields: [
          { name: 'name', label: 'Name', type: 'text', required: true },
          { name: 'description', label: 'Description', type: 'text', help: 'What the members of this group do.' },
        ],
      },
      {
        title: 'Privileges',
        fields: builtin
          ? [{ name: 'builtin', label: 'Built-in group', type: 'static', wide: true, format: () => 'This built-in group holds every privilege on all records; it cannot be changed.' }]
          : [
              { name: 'modules', label: 'Modules', type: 'multi', help: 'Modules the members can open.', options: this.catalog.modules.map((m) => ({ value: m.privilege, label: m.label })) },
              {
                name: 'entities',
                label: 'Records',
                type: 'matrix',
                help: 'What the members may do with each kind of record, on all records.',
                options: this.catalog.entities.map((e) => ({ value: `entity.${e.logicalName}`, label: e.label })),
                columns: ACTIONS,
              },
            ],
      },
    ];
    return html`<wb-record-view
      heading=${this.isNew ? 'New Privilege Group' : (this.record?.name ?? (this.loaded ? 'Privilege Group' : 'Loading…'))}
      entity-label="Privilege Group"
      .sections=${this.loaded ? sections : []}
      .values=${this.values}
      .errors=${this.errors}
      message=${this.message}
      notice=${this.notice}
      ?readonly=${!canSave}
      ?busy=${this.busy}
      @wb-save=${this.onSave}
      @wb-cancel=${() => navigate(this.listPath)}
    >
      ${!this.isNew && !builtin && session.can(P.groupDelete)
        ? html`<wb-button slot="actions" variant="subtle" icon="trash" @click=${() => void this.deleteRecord()}>Delete</wb-button>`
        : ''}
    </wb-record-view>
    ${this.record ? html`<security-audit-history entity="security_group" record-id=${this.record.id}></security-audit-history>` : ''}`;
  }
}

const define = (tag: string, ctor: CustomElementConstructor): void => {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
};
define('security-staff-list', SecurityStaffListElement);
define('security-group-list', SecurityGroupListElement);
define('security-staff-record', SecurityStaffRecordElement);
define('security-group-record', SecurityGroupRecordElement);
