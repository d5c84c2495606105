import type { Request } from 'express';

/** The parts of Express 5's router (the `router` package) read here; not in Express's public types. */
interface RouteLayer {
  route?: { path: unknown; _methods(): string[] };
  match(path: string): unknown;
}

/**
 * The methods the app's routes take at this request's path, read from the
 * Express router Nest registered them on. Empty when no route has the path
 * (then a 404 is the truth; otherwise a 405 with these in `Allow`).
 */
export function allowedMethods(req: Request): string[] {
  const stack = (req.app as unknown as { router?: { stack?: RouteLayer[] } }).router?.stack ?? [];
  const methods = new Set<string>();
  for (const layer of stack) {
    // Nest mounts route-scoped middleware (nestjs-pino's) as a catch-all route "/{*path}" for every method: not an endpoint.
    if (!layer.route || String(layer.route.path).includes('*')) continue;
    let matches = false;
    try {
      matches = Boolean(layer.match(req.path));
    } catch {
      // A parameter that does not decode: this layer cannot say; the path is refused elsewhere.
    }
    if (matches) for (const method of layer.route._methods()) methods.add(method);
  }
  return [...methods].sort();
}
