import { Inject, Injectable, Logger } from '@nestjs/common';
import { SERVICE_CONFIG, ServiceConfig, signServiceToken } from '@eduaid/platform';

/** How long casework may take to name the staff of a screen; the screen shows no name after that. */
const NAMES_TIMEOUT_MS = 3_000;

/**
 * mentoring → casework's service-only GET /internal/user-names: the display names of staff who acted
 * on a case, for the graduate's own screen (a graduate may not ask casework's GET /users/names, and
 * should learn a name, not a user id). Names only; when casework does not answer, none (logged).
 */
@Injectable()
export class StaffNamesClient {
  private readonly logger = new Logger('StaffNamesClient');

  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  async displayNames(userIds: string[]): Promise<Map<string, string>> {
    const ids = [...new Set(userIds)].slice(0, 100);
    const base = this.config.caseworkUrl;
    if (!base || ids.length === 0) return new Map();
    try {
      const response = await fetch(`${base}/internal/user-names?ids=${encodeURIComponent(ids.join(','))}`, {
        headers: { authorization: `Bearer ${await signServiceToken(this.config.auth.tokenSecret, this.config.service)}` },
        signal: AbortSignal.timeout(NAMES_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`casework answered ${response.status}`);
      const body = (await response.json()) as { items: { userId: string; displayName: string }[] };
      return new Map(body.items.map((i) => [i.userId, i.displayName]));
    } catch (error) {
      this.logger.warn({ event: 'staff-names.unavailable', err: error }, 'cannot name the staff of a case; the graduate sees no names');
      return new Map();
    }
  }
}
