/** The operations process API v1 contract: what operators and integration architects read about the gateway itself. */
import type { IsoDateTime } from '../../../canonical/model';

/** How much one client called a deprecated version, and when last. */
export interface ClientUsage {
  /** The OAuth client id of the caller. */
  clientId: string;
  /** The partner the client acts for, when it is a partner's client. */
  partnerId?: string;
  /** Calls counted since the version was deprecated (also refused ones, after its sunset or in a brownout). */
  calls: number;
  /** The client's last call of the version. */
  lastSeen: IsoDateTime;
}

/** One deprecated or retired API version, its lifecycle dates and the clients still calling it. */
export interface DeprecatedVersionUsage {
  /** Catalog id of the version, e.g. `partner/customers/v1`. */
  id: string;
  /** The version's lifecycle status in the catalog. */
  status: 'deprecated' | 'retired';
  /** When the version was deprecated: an ISO date or UTC date-time, as in the catalog. */
  deprecatedOn?: string;
  /** When the version stops (or stopped) being served: an ISO date or UTC date-time, as in the catalog. */
  sunsetOn?: string;
  /** Base path of the version to move to. */
  successor?: string;
  /** Who still calls it, most calls first: whom to tell before the sunset. */
  clients: ClientUsage[];
}

/** Who still calls deprecated and retired versions. */
export interface DeprecatedUsageReport {
  /** Every deprecated or retired version of the catalog, each with its callers. */
  versions: DeprecatedVersionUsage[];
}
