/**
 * The operations page's pure part: formatting (ages, durations, rates), the per-partner health table from the KPIs,
 * the chart series from the activity answer, and the message a problem answer shows. No DOM, no fetch: plain
 * browser JavaScript served as is by the portal; under Node (the unit tests) a CommonJS module, in the page
 * `OpsViewModel`.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.OpsViewModel = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var DASH = '—';

  /** How long ago `iso` was, at `now` (ms): "40 s", "12 min", "3 h 5 min", "2 d 4 h". */
  function formatAge(iso, now) {
    var then = new Date(iso).getTime();
    if (isNaN(then)) return DASH;
    var seconds = Math.max(0, Math.floor((now - then) / 1000));
    if (seconds < 60) return seconds + ' s';
    var minutes = Math.floor(seconds / 60);
    if (minutes < 60) return minutes + ' min';
    var hours = Math.floor(minutes / 60);
    if (hours < 24) return hours + ' h' + (minutes % 60 ? ' ' + (minutes % 60) + ' min' : '');
    var days = Math.floor(hours / 24);
    return days + ' d' + (hours % 24 ? ' ' + (hours % 24) + ' h' : '');
  }

  /** A duration in seconds: "850 ms", "12.3 s", "4.5 min", "1.5 h"; a dash when absent. */
  function formatSeconds(seconds) {
    if (typeof seconds !== 'number' || !isFinite(seconds)) return DASH;
    if (seconds < 1) return Math.round(seconds * 1000) + ' ms';
    if (seconds < 60) return round1(seconds) + ' s';
    if (seconds < 3600) return round1(seconds / 60) + ' min';
    return round1(seconds / 3600) + ' h';
  }

  /** Milliseconds: "85 ms", "1.2 s"; a dash when absent (null). */
  function formatMs(ms) {
    if (typeof ms !== 'number' || !isFinite(ms)) return DASH;
    return ms < 1000 ? Math.round(ms) + ' ms' : round1(ms / 1000) + ' s';
  }

  /** A rate from 0 to 1 as a percentage: "12.5 %". */
  function formatPercent(rate) {
    if (typeof rate !== 'number' || !isFinite(rate)) return DASH;
    return round1(rate * 100) + ' %';
  }

  function round1(value) {
    return String(Math.round(value * 10) / 10);
  }

  /** Thresholds of the partner status colour: red at or above `bad`, amber at or above `warn`. */
  var HEALTH = Object.freeze({
    exceptions: { warn: 1, bad: 5 },
    overdueDocuments: { warn: 1, bad: 5 },
    validationFailureRate: { warn: 0.05, bad: 0.25 },
  });

  /** 'bad', 'warn' or 'ok' for one partner's figures (see HEALTH). */
  function healthStatus(figures) {
    var level = 'ok';
    Object.keys(HEALTH).forEach(function (key) {
      var value = figures[key] || 0;
      if (value >= HEALTH[key].bad) level = 'bad';
      else if (value >= HEALTH[key].warn && level === 'ok') level = 'warn';
    });
    return level;
  }

  /**
   * One row per partner that has orders in the window, open exceptions or overdue documents, from the KPIs answer:
   * { partnerId, orders, exceptions, validationFailures, validationFailureRate, overdueDocuments, status }, worst
   * first, then by partner id.
   */
  function partnerHealth(kpis) {
    // A Map: partner ids are data, and "__proto__" is a valid one.
    var rows = new Map();
    var row = function (partnerId) {
      var key = String(partnerId);
      if (!rows.has(key)) rows.set(key, { partnerId: key, orders: 0, exceptions: 0, validationFailures: 0, validationFailureRate: 0, overdueDocuments: 0 });
      return rows.get(key);
    };
    ((kpis && kpis.partners) || []).forEach(function (partner) {
      var target = row(partner.partnerId);
      target.orders = partner.orders;
      target.validationFailures = partner.failedValidation;
      target.validationFailureRate = partner.validationFailureRate;
    });
    ((kpis && kpis.exceptions && kpis.exceptions.byPartner) || []).forEach(function (partner) {
      row(partner.partnerId).exceptions += partner.count;
    });
    ((kpis && kpis.overdueDocuments) || []).forEach(function (overdue) {
      row(overdue.partnerId).overdueDocuments += overdue.count;
    });
    var order = { bad: 0, warn: 1, ok: 2 };
    return Array.from(rows.values())
      .map(function (target) {
        target.status = healthStatus(target);
        return target;
      })
      .sort(function (a, b) {
        return order[a.status] - order[b.status] || (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0);
      });
  }

  /** Failed validations ÷ orders over every partner of the window; null without orders. */
  function overallValidationFailureRate(kpis) {
    var orders = 0;
    var failed = 0;
    ((kpis && kpis.partners) || []).forEach(function (partner) {
      orders += partner.orders;
      failed += partner.failedValidation;
    });
    return orders > 0 ? failed / orders : null;
  }

  /** The overdue outbound documents of the KPIs, most first. */
  function overdueDocuments(kpis) {
    return ((kpis && kpis.overdueDocuments) || []).slice().sort(function (a, b) {
      return b.count - a.count;
    });
  }

  /**
   * The charts' series from `GET /process/operations/v1/activity`: the bucket start times, and per chart the series
   * (throughput: requests and orders received per minute; latency: p50 and p95 in ms; exceptions opened and server
   * errors per minute).
   */
  function activityCharts(activity) {
    var buckets = (activity && Array.isArray(activity.buckets) ? activity.buckets : []).filter(function (bucket) {
      return bucket && typeof bucket === 'object';
    });
    var pick = function (read) {
      return buckets.map(function (bucket) {
        var value = read(bucket);
        return typeof value === 'number' && isFinite(value) ? value : null;
      });
    };
    var times = buckets.map(function (bucket) {
      return String(bucket.start);
    });
    return {
      times: times,
      throughput: [
        { label: 'requests', values: pick(function (b) { return b.requests; }), kind: 'line', className: 'series-requests' },
        { label: 'orders received', values: pick(function (b) { return b.ordersReceived; }), kind: 'line', className: 'series-orders' },
      ],
      latency: [
        { label: 'p50', values: pick(function (b) { return b.latencyMs && b.latencyMs.p50; }), kind: 'line', className: 'series-p50' },
        { label: 'p95', values: pick(function (b) { return b.latencyMs && b.latencyMs.p95; }), kind: 'line', className: 'series-p95' },
      ],
      exceptions: [
        { label: 'exceptions opened', values: pick(function (b) { return b.exceptionsOpened; }), kind: 'bar', className: 'series-exceptions' },
        { label: '5xx', values: pick(function (b) { return b.serverErrors; }), kind: 'bar', className: 'series-errors' },
      ],
    };
  }

  /**
   * What to tell the operator about a failed call: a 403 names the scope the token lacks (from the problem's
   * `detail` and `requiredScopes`), a 401 says to sign in again, anything else its title, detail and request id.
   */
  function problemMessage(status, problem) {
    var body = problem && typeof problem === 'object' ? problem : {};
    var detail = typeof body.detail === 'string' ? body.detail : '';
    var requestId = typeof body.requestId === 'string' ? ' (request ' + body.requestId + ')' : '';
    if (status === 403) {
      var scopes = Array.isArray(body.requiredScopes) ? body.requiredScopes.map(String).join(' ') : '';
      return (
        'Access denied: ' +
        (detail || 'this client may not use the operations API') +
        '. Sign in with a client that holds ' +
        (scopes || 'operations.read') +
        '.' +
        requestId
      );
    }
    if (status === 401) return 'Your session has expired or was refused: sign in again.' + requestId;
    var title = typeof body.title === 'string' ? body.title : 'HTTP ' + status;
    return title + (detail ? ': ' + detail : '') + requestId;
  }

  /** What to say when the token endpoint refuses: its OAuth error (RFC 6749 §5.2) and description. */
  function tokenErrorMessage(status, body) {
    var error = body && typeof body.error === 'string' ? body.error : 'HTTP ' + status;
    var description = body && typeof body.error_description === 'string' ? ': ' + body.error_description : '';
    return 'Sign-in refused (' + error + ')' + description + '.';
  }

  return {
    HEALTH: HEALTH,
    tokenErrorMessage: tokenErrorMessage,
    formatAge: formatAge,
    formatSeconds: formatSeconds,
    formatMs: formatMs,
    formatPercent: formatPercent,
    healthStatus: healthStatus,
    partnerHealth: partnerHealth,
    overallValidationFailureRate: overallValidationFailureRate,
    overdueDocuments: overdueDocuments,
    activityCharts: activityCharts,
    problemMessage: problemMessage,
  };
});
