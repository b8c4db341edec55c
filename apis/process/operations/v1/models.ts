/** The operations process API v1 contract: what operators and integration architects read about the gateway itself. */
import type { IsoDateTime } from '../../../canonical/model';

export interface ClientUsage {
  clientId: string;
  /** The partner the client acts for, when it is a partner's client. */
  partnerId?: string;
  /** Calls counted since the version was deprecated (also refused ones, after its sunset or in a brownout). */
  calls: number;
  lastSeen: IsoDateTime;
}

export interface DeprecatedVersionUsage {
  /** Catalog id of the version, e.g. `partner/customers/v1`. */
  id: string;
  status: 'deprecated' | 'retired';
  deprecatedOn?: string;
  sunsetOn?: string;
  /** Base path of the version to move to. */
  successor?: string;
  /** Who still calls it, most calls first: whom to tell before the sunset. */
  clients: ClientUsage[];
}

export interface DeprecatedUsageReport {
  versions: DeprecatedVersionUsage[];
}
