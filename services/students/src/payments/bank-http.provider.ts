import { Inject, Injectable } from '@nestjs/common';
import { DomainError, SERVICE_CONFIG, ServiceConfig } from '@eduaid/platform';
import { PaymentOutcome, PaymentOutcomeUnknown, PaymentProvider, PaymentRequest } from './payment-provider';

export const BANK_API_URL_VARIABLE = 'EDUAID_BANK_API_URL';
export const BANK_TIMEOUT_VARIABLE = 'EDUAID_BANK_TIMEOUT_MS';

/** The bank's payment API over HTTP (infra/bank-sandbox speaks it), at the address validated at start. */
@Injectable()
export class BankHttpProvider implements PaymentProvider {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  private base(): string {
    // Unset is allowed (a system that pays nobody yet): a payment then waits, retried, until it is set.
    const url = this.config.bank.apiUrl;
    if (!url) throw new DomainError('payments.bank-unconfigured', 'unavailable', `${BANK_API_URL_VARIABLE} is not set: no bank to pay through`);
    return url;
  }

  private timeout(): number {
    return this.config.bank.timeoutMs;
  }

  async pay(request: PaymentRequest): Promise<PaymentOutcome> {
    let response: Response;
    try {
      response = await fetch(`${this.base()}/payments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(this.timeout()),
      });
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw new PaymentOutcomeUnknown(`no answer from the bank: ${(error as Error).name}`);
    }
    const body = (await response.json().catch(() => ({}))) as { paymentId?: string; code?: string; message?: string };
    if (response.status === 200 || response.status === 201) return { status: 'accepted', bankReference: String(body.paymentId) };
    if (response.status === 422 || response.status === 409 || response.status === 400) return { status: 'refused', reason: body.code ?? `bank answered ${response.status}` };
    throw new PaymentOutcomeUnknown(`bank answered ${response.status}`);
  }

  async lookup(idempotencyKey: string): Promise<PaymentOutcome | undefined> {
    let response: Response;
    try {
      response = await fetch(`${this.base()}/payments/${encodeURIComponent(idempotencyKey)}`, { signal: AbortSignal.timeout(this.timeout()) });
    } catch (error) {
      throw new PaymentOutcomeUnknown(`no answer from the bank to a lookup: ${(error as Error).name}`);
    }
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw new PaymentOutcomeUnknown(`bank answered ${response.status} to a lookup`);
    const body = (await response.json()) as { paymentId: string };
    return { status: 'accepted', bankReference: body.paymentId };
  }
}
