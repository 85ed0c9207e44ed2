import { HelloGreetings } from './hello-greetings.element';

if (!customElements.get('hello-greetings')) customElements.define('hello-greetings', HelloGreetings);

declare global {
  interface HTMLElementTagNameMap {
    'hello-greetings': HelloGreetings;
  }
}
