// What a CSMS's web-payment notification says (started, revoked, failed with a message), whatever the wire form it came in.

/** OCPP MessageContentType (2.1 adds QRCODE). */
export interface WebPaymentMessageContent {
  format: 'ASCII' | 'HTML' | 'URI' | 'UTF8' | 'QRCODE';
  /** RFC 5646 language code, at most 8 characters. */
  language?: string;
  content: string;
}

export type WebPaymentNotification =
  /** timeoutS 0 revokes an earlier NotifyWebPaymentStarted. */
  | { kind: 'started'; evseId: number; timeoutS: number }
  | { kind: 'failed'; evseId: number; errorMessage: WebPaymentMessageContent[] };

/** The text to show from a multi-language message: the first of `languages` present, else the first entry. */
export function pickMessageText(messages: readonly WebPaymentMessageContent[], languages: readonly string[] = ['en']): string | undefined {
  for (const lang of languages) {
    const m = messages.find((x) => x.language?.toLowerCase() === lang.toLowerCase());
    if (m) return m.content;
  }
  return messages[0]?.content;
}
