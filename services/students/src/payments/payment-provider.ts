/** What the disbursement activity needs from a bank: pay by idempotency key, and look a key up. */
export interface PaymentRequest {
  idempotencyKey: string;
  account: string;
  holderName: string;
  amountFen: number;
  reference: string;
}

export type PaymentOutcome = { status: 'accepted'; bankReference: string } | { status: 'refused'; reason: string };

/** The answer is unknown (timeout, connection lost, 5xx): the payment may or may not have been made. */
export class PaymentOutcomeUnknown extends Error {}

export interface PaymentProvider {
  pay(request: PaymentRequest): Promise<PaymentOutcome>;
  /** The outcome of an earlier request with this key, or undefined when the bank never took it. */
  lookup(idempotencyKey: string): Promise<PaymentOutcome | undefined>;
}

export const PAYMENT_PROVIDER = Symbol('PAYMENT_PROVIDER');
