import { LitElement, css, html } from 'lit';
import { state } from 'lit/decorators.js';
import type { Greeting } from '../common/index';

/**
 * @summary The example view: lists greetings and adds one.
 */
export class HelloGreetings extends LitElement {
  static override styles = css`
    :host { display: block; padding: var(--wb-space-6, 24px); font: inherit; color: var(--wb-color-text, #1f2328); }
    h1 { font-size: 20px; font-weight: 600; margin: 0 0 var(--wb-space-4, 16px); }
    form { display: flex; gap: var(--wb-space-2, 8px); margin-bottom: var(--wb-space-4, 16px); max-width: 560px; }
    label { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    input { flex: 1; font: inherit; padding: 6px 10px; border: 1px solid var(--wb-color-border-strong, #8c959f); border-radius: var(--wb-radius, 4px); }
    input:focus-visible, button:focus-visible { outline: 2px solid var(--wb-color-focus, #0b5cad); outline-offset: 2px; }
    button { font: inherit; padding: 6px 14px; border: 0; border-radius: var(--wb-radius, 4px); background: var(--wb-color-accent, #0b5cad); color: #fff; cursor: pointer; }
    ul { list-style: none; margin: 0; padding: 0; max-width: 560px; border-top: 1px solid var(--wb-color-border, #d0d7de); }
    li { padding: 8px 4px; border-bottom: 1px solid var(--wb-color-border, #d0d7de); display: flex; justify-content: space-between; }
    time { color: var(--wb-color-text-muted, #57606a); }
    .error { color: var(--wb-color-danger, #b42318); }
  `;

  @state() private items: Greeting[] = [];
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const res = await fetch('/api/hello/greetings');
    this.items = res.ok ? ((await res.json()) as { items: Greeting[] }).items : [];
  }

  private async add(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const message = new FormData(form).get('message');
    const session = (await (await fetch('/api/shell/session')).json()) as { csrfToken: string };
    const res = await fetch('/api/hello/greetings', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
      body: JSON.stringify({ message }),
    });
    if (!res.ok) {
      const body = (await res.json()) as { error: { fields?: { message: string }[]; message: string } };
      this.error = body.error.fields?.[0]?.message ?? body.error.message;
      return;
    }
    this.error = '';
    form.reset();
    await this.load();
  }

  override render() {
    return html`
      <h1>Greetings</h1>
      <form @submit=${this.add}>
        <label for="message">Message</label>
        <input id="message" name="message" placeholder="Say hello" autocomplete="off" />
        <button type="submit">Add greeting</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">Message ${this.error}</p>` : ''}
      <ul>
        ${this.items.map((g) => html`<li><span>${g.message}</span><time datetime=${g.createdAt}>${new Date(g.createdAt).toLocaleString()}</time></li>`)}
      </ul>
    `;
  }
}
