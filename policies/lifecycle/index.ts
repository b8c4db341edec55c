/**
 * Lifecycle: tells the callers of a deprecated API version so, in every response, and turns them away once it is
 * gone, all read from the catalog entry (status, dates, successor, brownouts) and nothing else.
 *
 * - active: nothing.
 * - deprecated: every response, errors included, carries `Deprecation: @<epoch seconds>` (RFC 9745), `Sunset:
 *   <HTTP-date>` (RFC 8594) when a sunset is set, and `Link`s to the successor (`rel="successor-version"`, RFC 5829)
 *   and to the portal's deprecation notice (`rel="deprecation"`, RFC 9745 §3), appended to any other Link. Each call
 *   is counted per client in the usage store, without waiting for it.
 * - from the sunset on, for a retired version, and inside a brownout window: 410 ERR_GONE naming the successor, with
 *   the same headers (`brownoutEnds` says when a brownout is over).
 *
 * It runs after authentication: the caller is known. Everything that does not depend on the clock is computed here,
 * once; a request only reads the clock.
 */
import type { RequestHandler, Response } from 'express';
import { callerOf } from '../../gateway/auth/caller';
import { GatewayError } from '../../gateway/errors';
import { catalogInstant, successorOf } from '../../openapi/catalog';
import { parseLifecycleOptions, type LifecycleOptions } from './schema';

export { DEFAULTS, parseLifecycleOptions, type LifecycleConfiguration, type LifecycleOptions } from './schema';

/** A UTC instant as the problem bodies show it: `2027-06-30T00:00:00Z`. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The `Link` header as one string, whatever shape it was set in. */
function linkHeader(response: Response): string {
  const value = response.getHeader('Link');
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

interface BrownoutWindow {
  startMs: number;
  endMs: number;
  detail: string;
  extensions: Readonly<Record<string, unknown>>;
}

const passThrough: RequestHandler = (_request, _response, next) => next();

export function createLifecycle(options: LifecycleOptions): RequestHandler {
  const { entry, catalog, usage, logger, clock, portalPath } = parseLifecycleOptions(options);
  if (entry.status === 'active') return passThrough;

  const successor = successorOf(catalog, entry);
  const noticeUrl = `${portalPath}/${entry.id}/#deprecation`;
  const sunsetMs = entry.sunsetOn === undefined ? undefined : catalogInstant(entry.sunsetOn).getTime();

  const headers: ReadonlyArray<readonly [string, string]> = Object.freeze([
    ...(entry.deprecatedOn === undefined ? [] : [['Deprecation', `@${Math.floor(catalogInstant(entry.deprecatedOn).getTime() / 1000)}`] as const]),
    ...(sunsetMs === undefined ? [] : [['Sunset', new Date(sunsetMs).toUTCString()] as const]),
  ]);
  const links = [
    ...(successor ? [`<${successor.basePath}>; rel="successor-version"`] : []),
    `<${noticeUrl}>; rel="deprecation"; type="text/html"`,
  ].join(', ');

  const successorMember = successor
    ? Object.freeze({ id: successor.id, basePath: successor.basePath, docsUrl: `${portalPath}/${successor.id}/` })
    : undefined;
  const goneMembers = Object.freeze({
    ...(successorMember ? { successor: successorMember } : {}),
    ...(sunsetMs === undefined ? {} : { sunset: isoSeconds(sunsetMs) }),
  });
  const whereToGo = `${successorMember ? `Use its successor ${successorMember.basePath} (documentation: ${successorMember.docsUrl}).` : 'It has no successor.'} Deprecation notice: ${noticeUrl}`;
  const goneDetail = `${entry.id} is no longer served${sunsetMs === undefined ? '' : ` (sunset ${isoSeconds(sunsetMs)})`}. ${whereToGo}`;
  const brownouts: readonly BrownoutWindow[] = (entry.brownouts ?? []).map((brownout) => {
    const endMs = catalogInstant(brownout.end).getTime();
    return {
      startMs: catalogInstant(brownout.start).getTime(),
      endMs,
      detail:
        `${entry.id} is deprecated and unavailable during a scheduled brownout until ${isoSeconds(endMs)}` +
        `${brownout.note ? ` (${brownout.note})` : ''}${sunsetMs === undefined ? '' : `; it stops being served at ${isoSeconds(sunsetMs)}`}. ${whereToGo}`,
      extensions: Object.freeze({ ...goneMembers, brownoutEnds: isoSeconds(endMs) }),
    };
  });

  /** Idempotent: sets the lifecycle headers, and adds the links unless the Link header already has them. */
  const applyHeaders = (response: Response): void => {
    for (const [name, value] of headers) response.setHeader(name, value);
    const existing = linkHeader(response);
    if (!existing.includes(links)) response.setHeader('Link', existing ? `${existing}, ${links}` : links);
  };

  /** Counts the call without making the response wait; a failing store is logged, never thrown. */
  const recordUsage = (clientId: string, at: Date): void => {
    let pending: Promise<void>;
    try {
      pending = usage.record(entry.id, clientId, at);
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.catch((error: unknown) => {
      logger.warn('lifecycle: a call to a deprecated API version was not counted', {
        apiVersion: entry.id,
        clientId,
        error: error instanceof Error ? error.message : String(error),
      });
    });
  };

  return (_request, response, next) => {
    applyHeaders(response);
    // A handler may set Link itself (tsoa's `this.setHeader` replaces it): put ours back just before the head goes out.
    const writeHead = response.writeHead;
    response.writeHead = function lifecycleWriteHead(this: Response, ...args: unknown[]) {
      applyHeaders(this);
      return (writeHead as (...a: unknown[]) => Response).apply(this, args);
    } as Response['writeHead'];

    const now = clock();
    try {
      recordUsage(callerOf(response).clientId, now);
    } catch (error) {
      next(error);
      return;
    }
    const nowMs = now.getTime();
    if (entry.status === 'retired' || (sunsetMs !== undefined && nowMs >= sunsetMs)) {
      next(new GatewayError('ERR_GONE', goneDetail, { extensions: { ...goneMembers } }));
      return;
    }
    const brownout = brownouts.find((window) => nowMs >= window.startMs && nowMs < window.endMs);
    if (brownout) {
      next(new GatewayError('ERR_GONE', brownout.detail, { extensions: { ...brownout.extensions } }));
      return;
    }
    next();
  };
}
