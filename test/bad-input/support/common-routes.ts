import { HostileCase, routeCases, unknownRoutes } from './hostile-cases';

/** Health, metrics, docs and unknown routes: what every app serves (and refuses) alike. */
export function commonRouteTable(extraGets: string[] = []): Array<[string, HostileCase]> {
  return [
    ...['/health/live', '/health/ready', '/metrics', '/docs', '/docs-json', ...extraGets].flatMap(
      (path) =>
        routeCases({ method: 'GET', path }).map((c): [string, HostileCase] => [
          `GET ${path}: ${c.name}`,
          c,
        ]),
    ),
    ...unknownRoutes().map((c): [string, HostileCase] => [`unknown route: ${c.name}`, c]),
  ];
}
