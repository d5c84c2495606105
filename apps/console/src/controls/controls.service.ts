import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { ADMIN_TOKEN_HEADER } from '@paystream/contracts';
import { ConsoleConfig } from '../config/console.config';
import { SupervisorUnavailableError } from './supervisor-unavailable.error';
import { UpstreamRefusedError } from './upstream-refused.error';

const CONTROL_TIMEOUT_MS = 60_000;

/**
 * The console changes nothing itself: gateway faults go to the gateway's own
 * admin API, workers and brokers to `npm start`'s supervisor, so what the
 * page does is exactly what curl would do.
 */
@Injectable()
export class ControlsService {
  constructor(@Inject(APP_CONFIG) private readonly config: ConsoleConfig) {}

  setGatewayFaults(change: Record<string, unknown>): Promise<unknown> {
    return this.call('gateway', `${this.config.GATEWAY_URL}/admin/faults`, 'PUT', change, {
      [ADMIN_TOKEN_HEADER]: this.config.GATEWAY_ADMIN_TOKEN,
    });
  }

  supervise(path: string, body: Record<string, unknown>): Promise<unknown> {
    if (!this.config.SUPERVISOR_URL)
      throw new SupervisorUnavailableError('not configured (SUPERVISOR_URL)');
    return this.call('supervisor', `${this.config.SUPERVISOR_URL}${path}`, 'POST', body);
  }

  private async call(
    upstream: string,
    url: string,
    method: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(CONTROL_TIMEOUT_MS),
      });
    } catch (error) {
      if (upstream === 'supervisor') throw new SupervisorUnavailableError((error as Error).message);
      throw new UpstreamRefusedError(upstream, 502, `${url}: ${(error as Error).message}`);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: passed on as text
    }
    if (!res.ok) throw new UpstreamRefusedError(upstream, res.status, parsed);
    return parsed;
  }
}
