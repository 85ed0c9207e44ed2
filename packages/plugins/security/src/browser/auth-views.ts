import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import '@portico/ui/components/button/button.define';
import '@portico/ui/components/icon/icon.define';
import { ApiError, api, navigate, session, signIn, type FieldError } from '@portico/ui/session';
import { authStyles } from './auth-styles';

/**
 * @summary The staff sign-in page (e-mail and password). Shown by the shell for every route
 * while nobody is signed in; the shell then shows the requested route. When no staff user
 * exists yet it says how to set Portico up.
 */
export class SecuritySignInElement extends LitElement {
  static override styles = authStyles;

  @state() private error = '';
  @state() private busy = false;
  @state() private setupRequired = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void api<{ required: boolean }>('/api/security/setup')
      .then((r) => (this.setupRequired = r.required))
      .catch(() => undefined);
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    this.busy = true;
    this.error = '';
    try {
      await signIn(String(data.get('email') ?? ''), String(data.get('password') ?? ''));
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : 'Sign-in failed. Check your connection and try again.';
      const password = form.querySelector<HTMLInputElement>('#password');
      if (password) {
        password.value = '';
        password.focus();
      }
    } finally {
      this.busy = false;
    }
  }

  override render(): TemplateResult {
    return html`<section class="card" aria-labelledby="title">
      <h1 id="title">Sign in to Portico</h1>
      <p class="lede">Use your staff e-mail address and password.</p>
      ${this.setupRequired
        ? html`<div class="notice info" role="status">
            <wb-icon name="info"></wb-icon>
            <p>Portico is not set up yet. Open the one-time setup link printed on the server console to create the first
              administrator.</p>
          </div>`
        : nothing}
      ${this.error
        ? html`<div class="notice error" role="alert"><wb-icon name="alert"></wb-icon><p>${this.error}</p></div>`
        : nothing}
      <form @submit=${this.onSubmit}>
        <div class="field">
          <label for="email">E-mail address</label>
          <input id="email" name="email" type="email" autocomplete="username" required />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        <button type="submit" hidden tabindex="-1"></button>
        <div class="submit">
          <wb-button type="submit" variant="primary" ?disabled=${this.busy}>${this.busy ? 'Signing in…' : 'Sign in'}</wb-button>
        </div>
      </form>
    </section>`;
  }
}

/**
 * @summary First-run setup (`/setup?token=…`): creates the first administrator from the
 * one-time link the server prints when no staff user exists.
 */
export class SecuritySetupElement extends LitElement {
  static override styles = authStyles;

  @property({ attribute: false }) query: Record<string, string> = {};

  @state() private error = '';
  @state() private fields: FieldError[] = [];
  @state() private busy = false;
  @state() private done = false;
  @state() private required = true;

  override connectedCallback(): void {
    super.connectedCallback();
    void api<{ required: boolean }>('/api/security/setup')
      .then((r) => (this.required = r.required))
      .catch(() => undefined);
  }

  private fieldError(name: string): TemplateResult | typeof nothing {
    const found = this.fields.find((f) => f.path === name);
    if (!found) return nothing;
    return html`<p class="field-error" id="${name}-error">${/^[a-z]/.test(found.message) ? `This ${found.message}.`.replace('..', '.') : found.message}</p>`;
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.busy = true;
    this.error = '';
    this.fields = [];
    try {
      await api('/api/security/setup', {
        method: 'POST',
        body: { token: this.query.token ?? '', name: data.get('name'), email: data.get('email'), password: data.get('password') },
      });
      this.done = true;
    } catch (error) {
      if (error instanceof ApiError) {
        this.error = error.message;
        this.fields = error.fields;
      } else this.error = 'The administrator could not be created. Check your connection and try again.';
    } finally {
      this.busy = false;
    }
  }

  override render(): TemplateResult {
    if (this.done || !this.required) {
      return html`<section class="card" aria-labelledby="title">
        <h1 id="title">${this.done ? 'Administrator created' : 'Portico is set up'}</h1>
        <p class="lede">${this.done
          ? 'Your account has been created. Sign in with the e-mail address and password you chose.'
          : 'The first administrator exists already. Sign in with your staff account.'}</p>
        <div class="submit">
          <wb-button variant="primary" @click=${() => navigate('/')}>${session.user ? 'Go to the home page' : 'Continue to sign in'}</wb-button>
        </div>
      </section>`;
    }
    const described = (name: string) => (this.fields.some((f) => f.path === name) ? `${name}-error` : nothing);
    return html`<section class="card wide" aria-labelledby="title">
      <h1 id="title">Set up Portico</h1>
      <p class="lede">Create the first administrator. This account can then create the other staff accounts.</p>
      ${this.query.token
        ? nothing
        : html`<div class="notice error" role="alert"><wb-icon name="alert"></wb-icon>
            <p>This page needs the one-time setup link printed on the server console.</p></div>`}
      ${this.error ? html`<div class="notice error" role="alert"><wb-icon name="alert"></wb-icon><p>${this.error}</p></div>` : nothing}
      <form @submit=${this.onSubmit}>
        <div class="field">
          <label for="name">Full name</label>
          <input id="name" name="name" autocomplete="name" required aria-describedby=${described('name')} />
          ${this.fieldError('name')}
        </div>
        <div class="field">
          <label for="email">E-mail address</label>
          <input id="email" name="email" type="email" autocomplete="username" required aria-describedby=${described('email')} />
          ${this.fieldError('email')}
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="new-password" required aria-describedby="password-help ${described('password') === nothing ? '' : 'password-error'}" />
          <p class="help" id="password-help">At least 12 characters. A short sentence is easy to remember and hard to guess.</p>
          ${this.fieldError('password')}
        </div>
        <button type="submit" hidden tabindex="-1"></button>
        <div class="submit">
          <wb-button type="submit" variant="primary" ?disabled=${this.busy || !this.query.token}>Create administrator</wb-button>
        </div>
      </form>
    </section>`;
  }
}

if (!customElements.get('security-sign-in')) customElements.define('security-sign-in', SecuritySignInElement);
if (!customElements.get('security-setup')) customElements.define('security-setup', SecuritySetupElement);
