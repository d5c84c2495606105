import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { ADMIN_TOKEN_HEADER } from '@paystream/contracts';
import { ConsoleConfig } from '../config/console.config';
import { AppView } from './console-snapshot';
import { MetricSample, parsePrometheusText } from './prometheus-text';

export interface AppEndpoint {
  name: string;
  url: string;
}

/** The apps' own health and metrics endpoints, and the gateway's fault settings. */
@Injectable()
export class AppsReader {
  readonly endpoints: AppEndpoint[];

  constructor(@Inject(APP_CONFIG) private readonly config: ConsoleConfig) {
    const one = (name: string, url: string | undefined): AppEndpoint[] =>
      url ? [{ name, url }] : [];
    this.endpoints = [
      ...one('payment-gateway', config.GATEWAY_URL),
      ...one('pos-api', config.POS_URL),
      ...one('toll-api', config.TOLL_URL),
      ...config.RELAY_URLS.map((url, i) => ({ name: `outbox-relay-${i + 1}`, url })),
      ...config.WORKER_URLS.map((url, i) => ({ name: `charge-worker-${i + 1}`, url })),
      ...one('db-sink', config.SINK_URL),
    ];
  }

  health(): Promise<AppView[]> {
    return Promise.all(
      this.endpoints.map(async ({ name, url }) => {
        try {
          const res = await this.get(`${url}/health/ready`);
          if (res.ok) return { name, url, ready: true };
          return {
            name,
            url,
            ready: false,
            detail: `${res.status} ${(await res.text()).slice(0, 200)}`,
          };
        } catch (error) {
          return { name, url, ready: false, detail: (error as Error).message };
        }
      }),
    );
  }

  /** An app's /metrics, parsed; null when the app is not configured. */
  async metrics(url: string | undefined): Promise<MetricSample[] | null> {
    if (!url) return null;
    const res = await this.get(`${url}/metrics`);
    if (!res.ok) throw new Error(`${url}/metrics answered ${res.status}`);
    return parsePrometheusText(await res.text());
  }

  async gatewayFaults(): Promise<Record<string, unknown>> {
    const res = await this.get(`${this.config.GATEWAY_URL}/admin/faults`, {
      [ADMIN_TOKEN_HEADER]: this.config.GATEWAY_ADMIN_TOKEN,
    });
    if (!res.ok) throw new Error(`gateway /admin/faults answered ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  }

  private get(url: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(url, { headers, signal: AbortSignal.timeout(this.config.SOURCE_TIMEOUT_MS) });
  }
}
