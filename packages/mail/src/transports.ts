import type { Logger } from '@portico/core';
import nodemailer, { type Transporter } from 'nodemailer';
import type { MailConfig } from './mail-config';

/** One e-mail handed to a transport by the dispatcher. */
export interface OutgoingMail {
  outboxId: number;
  from?: string;
  to: readonly string[];
  cc: readonly string[];
  subject: string;
  text: string;
  html?: string | null;
  /** `<…@…>`; stable per outbox row, so a rare duplicate send can be recognised by mail clients. */
  messageId: string;
}

export interface SendResult {
  messageId: string;
  /** Recipients the server refused while accepting the others. */
  rejected?: string[];
}

/**
 * Where e-mails go. `send` resolves once the message is accepted (by the SMTP server, or by
 * the embedded outbox); it rejects with a {@link MailSendError} otherwise.
 */
export interface MailTransport {
  /** `smtp` or `outbox`; stored in `mail_outbox.transport`. */
  readonly kind: string;
  /** For logs; never contains a password. */
  describe(): string;
  send(mail: OutgoingMail): Promise<SendResult>;
  close(): Promise<void>;
}
/** Inversify token for {@link MailTransport}. */
export const MailTransport = Symbol('MailTransport');

/** A failed send. `permanent` failures (the server refused the recipients or the message) are not retried. */
export class MailSendError extends Error {
  override readonly name = 'MailSendError';
  constructor(
    message: string,
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Replaces each URL's query string and fragment with `?…`, so that tokens never reach a log. */
export function stripUrlQueries(text: string): string {
  return text.replace(/\bhttps?:\/\/[^\s<>"']+/gi, (match) => {
    const trailing = /[.,;:!)]+$/.exec(match)?.[0] ?? '';
    const url = match.slice(0, match.length - trailing.length);
    const cut = url.search(/[?#]/);
    return (cut === -1 ? url : `${url.slice(0, cut)}?…`) + trailing;
  });
}

/** The domain of an address (`Name <a@b.org>` → `b.org`), for Message-IDs. */
export function addressDomain(address: string): string {
  const match = /@([^\s@<>]+)>?\s*$/.exec(address);
  return match?.[1] ?? 'localhost';
}

interface NodemailerError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/** SMTP through nodemailer (one connection per message; add `?pool=true` to SMTP_URL to pool). */
export class SmtpTransport implements MailTransport {
  readonly kind = 'smtp';
  private readonly transporter: Transporter;
  private readonly where: string;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    const url = new URL(smtpUrl);
    this.where = `SMTP at ${url.protocol}//${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 587)}${url.username ? ` as ${decodeURIComponent(url.username)}` : ''}`;
    this.transporter = nodemailer.createTransport(
      {
        url: smtpUrl,
        // Bounded, so that a send always ends well before the dispatcher's lease (≥ 10 s … 5 min by default).
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
        dnsTimeout: 10_000,
      },
      { from },
    );
  }

  describe(): string {
    return this.where;
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    try {
      const info = await this.transporter.sendMail({
        from: mail.from ?? this.from,
        to: [...mail.to],
        ...(mail.cc.length ? { cc: [...mail.cc] } : {}),
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        messageId: mail.messageId,
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
      const rejected = (info.rejected ?? []).map((r: unknown) => (typeof r === 'string' ? r : String((r as { address?: string }).address ?? r)));
      return { messageId: String(info.messageId ?? mail.messageId), ...(rejected.length ? { rejected } : {}) };
    } catch (cause) {
      const error = cause as NodemailerError;
      const code = error.responseCode ?? 0;
      // 5xx for the recipients or the message itself will not get better by retrying; 5xx at
      // authentication (EAUTH) is a configuration problem of every message, so it is retried.
      const permanent = code >= 500 && code < 600 && (error.code === 'EENVELOPE' || error.code === 'EMESSAGE');
      const detail = [error.code, error.message].filter(Boolean).join(': ');
      throw new MailSendError(detail || String(cause), permanent, { cause });
    }
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}

/**
 * The embedded "outbox only" transport, used when SMTP_URL is not set: messages count as
 * delivered to the outbox that staff read in the workbench (System › Outbox). Logs subject and
 * recipients only, with URLs' query strings removed (they carry one-time tokens).
 */
export class EmbeddedOutboxTransport implements MailTransport {
  readonly kind = 'outbox';

  constructor(private readonly logger?: Logger) {}

  describe(): string {
    return 'the embedded outbox (no SMTP_URL: e-mails are kept for the workbench, not sent)';
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    this.logger?.info(
      { outboxId: mail.outboxId, to: mail.to, ...(mail.cc.length ? { cc: mail.cc } : {}), subject: stripUrlQueries(mail.subject) },
      'e-mail kept in the embedded outbox (SMTP_URL not set)',
    );
    return { messageId: mail.messageId };
  }

  async close(): Promise<void> {}
}

/** SMTP when `config.smtpUrl` is set, the embedded outbox otherwise. */
export function createMailTransport(config: Pick<MailConfig, 'smtpUrl' | 'from'>, logger?: Logger): MailTransport {
  return config.smtpUrl ? new SmtpTransport(config.smtpUrl, config.from) : new EmbeddedOutboxTransport(logger);
}
