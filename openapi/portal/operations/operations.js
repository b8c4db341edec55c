/**
 * The operations page in the browser: signs in with the OAuth2 client-credentials grant at the gateway's token
 * endpoint (the token lives in this closure only: never in storage, a cookie or a URL), then reads the operations
 * API every 15 s (paused while the tab is hidden) and renders it. Every value from the API goes into the DOM as
 * textContent or an attribute set by setAttribute: partner data is hostile input, and no markup is ever built from it.
 */
(function () {
  'use strict';

  var charts = window.OpsCharts;
  var vm = window.OpsViewModel;
  var REFRESH_MS = 15000;
  var OPS = '/process/operations/v1';

  /** The session: the access token and when it expires, kept in memory only. */
  var session = null;
  var timer = null;
  var refreshing = null;
  /** A refresh asked for while one runs (a click, a replay): it runs once that one ends, so it reads data from after it was asked. */
  var rerun = null;

  var $ = function (id) {
    return document.getElementById(id);
  };

  /** An element with attributes and children (strings become text nodes). */
  function el(tag, attrs, children) {
    var element = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      element.setAttribute(name, String(attrs[name]));
    });
    (children || []).forEach(function (child) {
      element.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    });
    return element;
  }

  /** Replaces a table's body rows, or shows `empty` in one row. */
  function fillTable(id, rows, columns, empty) {
    var body = $(id).tBodies[0];
    body.replaceChildren();
    if (rows.length === 0) {
      body.appendChild(el('tr', {}, [el('td', { colspan: columns, class: 'empty' }, [empty])]));
      return;
    }
    rows.forEach(function (row) {
      body.appendChild(row);
    });
  }

  function show(element, visible) {
    element.hidden = !visible;
  }

  function setMessage(id, text, isError) {
    var element = $(id);
    element.textContent = text || '';
    element.classList.toggle('ops-error', Boolean(isError));
    show(element, Boolean(text));
  }

  /** Calls the gateway with the token; resolves to { status, body } (body parsed when JSON). */
  function call(method, path, body) {
    var headers = { authorization: 'Bearer ' + session.token, accept: 'application/json, application/problem+json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store' }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return null;
        })
        .then(function (json) {
          if (response.status === 401) expire(vm.problemMessage(401, json));
          return { status: response.status, body: json };
        });
    });
  }

  // ---- sign-in -------------------------------------------------------------------------------------------------

  function signIn(event) {
    event.preventDefault();
    var form = $('sign-in-form');
    var clientId = $('client-id').value.trim();
    var secret = $('client-secret').value;
    var button = $('sign-in-button');
    button.disabled = true;
    setMessage('sign-in-message', '');
    // RFC 6749 §2.3.1: form-urlencoded id and secret, then Basic. No scope: the token gets every scope the client holds.
    var basic = btoa(String.fromCharCode.apply(null, Array.from(new TextEncoder().encode(formEncode(clientId) + ':' + formEncode(secret)))));
    fetch(form.getAttribute('data-token-url'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic ' + basic },
      body: 'grant_type=client_credentials',
      credentials: 'omit',
      cache: 'no-store',
    })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return null;
          })
          .then(function (json) {
            if (!response.ok || !json || typeof json.access_token !== 'string') {
              setMessage('sign-in-message', vm.tokenErrorMessage(response.status, json), true);
              return;
            }
            var expiresIn = typeof json.expires_in === 'number' ? json.expires_in : 300;
            session = { token: json.access_token, clientId: clientId, scope: typeof json.scope === 'string' ? json.scope : '', expiresAt: Date.now() + expiresIn * 1000 };
            $('client-secret').value = '';
            $('signed-in-as').textContent = clientId;
            show($('sign-in'), false);
            show($('dashboard'), true);
            setMessage('action-result', '');
            refresh();
          });
      })
      .catch(function (error) {
        setMessage('sign-in-message', 'The token endpoint could not be reached: ' + error.message, true);
      })
      .finally(function () {
        button.disabled = false;
      });
  }

  function formEncode(value) {
    return encodeURIComponent(value).replace(/%20/g, '+');
  }

  /** Forgets the token and shows the sign-in form, with `message` when the session ended on its own. */
  function expire(message) {
    session = null;
    stopTimer();
    show($('dashboard'), false);
    show($('sign-in'), true);
    setMessage('sign-in-message', message || '', Boolean(message));
  }

  // ---- refreshing ----------------------------------------------------------------------------------------------

  function stopTimer() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  function schedule() {
    stopTimer();
    if (session && document.visibilityState !== 'hidden') timer = setTimeout(refresh, REFRESH_MS);
  }

  /** Reads everything the page shows, renders it, and schedules the next refresh. */
  function refresh() {
    if (!session) return Promise.resolve();
    if (refreshing) {
      // The running refresh may have read before what the caller just did (a replay) or wants to see: one more.
      rerun =
        rerun ||
        refreshing.then(function () {
          rerun = null;
          return refresh();
        });
      return rerun;
    }
    if (Date.now() >= session.expiresAt) {
      expire('Your session has expired: sign in again.');
      return Promise.resolve();
    }
    stopTimer();
    refreshing = Promise.all([
      call('GET', OPS + '/kpis?hours=24'),
      call('GET', OPS + '/exceptions?status=OPEN&limit=100'),
      call('GET', '/process/orders/v2/orders?delayed=true&limit=50'),
      call('GET', OPS + '/activity?minutes=60'),
    ])
      .then(function (answers) {
        if (!session) return;
        var kpis = answers[0];
        var exceptions = answers[1];
        var denied = [kpis, exceptions].filter(function (answer) {
          return answer.status === 403;
        })[0];
        if (denied) {
          setMessage('access-problem', vm.problemMessage(403, denied.body), true);
          show($('ops-content'), false);
          return;
        }
        setMessage('access-problem', [kpis, exceptions].filter(failed).map(describe).join(' '), true);
        show($('ops-content'), true);
        if (kpis.status === 200) renderKpis(kpis.body);
        if (exceptions.status === 200) renderExceptions(exceptions.body.exceptions || []);
        renderDelayed(answers[2]);
        renderActivity(answers[3]);
        $('last-refresh').textContent = 'Updated ' + new Date().toLocaleTimeString() + ' · every 15 s while this tab is visible';
      })
      .catch(function (error) {
        setMessage('access-problem', 'The gateway could not be reached: ' + error.message, true);
      })
      .finally(function () {
        refreshing = null;
        schedule();
      });
    return refreshing;
  }

  function failed(answer) {
    return answer.status !== 200 && answer.status !== 401;
  }

  function describe(answer) {
    return vm.problemMessage(answer.status, answer.body);
  }

  // ---- rendering -----------------------------------------------------------------------------------------------

  function renderExceptions(list) {
    var now = Date.now();
    $('exceptions-count').textContent = '(' + list.length + ')';
    fillTable(
      'exceptions-table',
      list.map(function (exception) {
        var button = el('button', { type: 'button', class: 'replay-button', 'data-exception-id': exception.id }, ['Replay']);
        button.addEventListener('click', function () {
          replayOne(exception, button);
        });
        return el('tr', { 'data-exception-id': exception.id }, [
          el('td', {}, [String(exception.orderNumber), el('div', { class: 'muted' }, [String(exception.orderId)])]),
          el('td', {}, [String(exception.partnerId)]),
          el('td', {}, [el('code', {}, [String(exception.step)])]),
          el('td', { class: 'reason' }, [String(exception.reason), el('div', { class: 'muted' }, [String(exception.lastError || '')])]),
          el('td', { class: 'num' }, [String(exception.attempts)]),
          el('td', { class: 'nowrap', title: String(exception.createdAt) }, [vm.formatAge(exception.createdAt, now)]),
          el('td', {}, [button]),
        ]);
      }),
      7,
      'No open exceptions.',
    );
  }

  function renderDelayed(answer) {
    var message = $('delayed-message');
    if (answer.status !== 200) {
      message.textContent = answer.status === 403 ? vm.problemMessage(403, answer.body) : describe(answer);
      show(message, true);
      fillTable('delayed-table', [], 5, 'Not available.');
      $('delayed-count').textContent = '';
      return;
    }
    show(message, false);
    var now = Date.now();
    var orders = answer.body.orders || [];
    $('delayed-count').textContent = '(' + orders.length + (answer.body.nextCursor ? '+' : '') + ')';
    fillTable(
      'delayed-table',
      orders.map(function (order) {
        return el('tr', {}, [
          el('td', {}, [String(order.orderNumber), el('div', { class: 'muted' }, [String(order.id)])]),
          el('td', {}, [String((order.source && order.source.partnerId) || '')]),
          el('td', {}, [String(order.status)]),
          el('td', { class: 'nowrap' }, [String(order.receivedAt)]),
          el('td', { class: 'nowrap' }, [vm.formatAge(order.receivedAt, now)]),
        ]);
      }),
      5,
      'No orders past their SLA.',
    );
  }

  function card(label, value, hint) {
    return el('div', { class: 'ops-card' }, [el('div', { class: 'value' }, [value]), el('div', { class: 'label' }, [label]), hint ? el('div', { class: 'muted' }, [hint]) : document.createTextNode('')]);
  }

  function renderKpis(kpis) {
    $('kpi-window').textContent = '(orders received in the last 24 h: ' + kpis.window.orders + (kpis.window.truncated ? ', truncated' : '') + ')';
    var posted = kpis.latency.receivedToPosted;
    var shipped = kpis.latency.receivedToShipped;
    var openCircuits = kpis.platforms.filter(function (platform) {
      return platform.circuit !== 'CLOSED';
    });
    var overdue = vm.overdueDocuments(kpis);
    var overdueTotal = overdue.reduce(function (sum, entry) {
      return sum + entry.count;
    }, 0);
    $('kpi-cards').replaceChildren(
      card('received → posted p50 / p95', vm.formatSeconds(posted.p50Seconds) + ' / ' + vm.formatSeconds(posted.p95Seconds), posted.count + ' orders'),
      card('received → shipped p50 / p95', vm.formatSeconds(shipped.p50Seconds) + ' / ' + vm.formatSeconds(shipped.p95Seconds), shipped.count + ' orders'),
      card('delayed orders', String(kpis.delayedOrders)),
      card('open exceptions', String(kpis.exceptions.open)),
      card('validation failure rate', vm.formatPercent(vm.overallValidationFailureRate(kpis))),
      card('overdue documents', String(overdueTotal)),
      card('open circuits', String(openCircuits.length), openCircuits.map(function (p) { return p.platform; }).join(', ')),
      card('pending workflow steps', String(kpis.workflow.pendingSteps)),
    );
    fillTable(
      'status-table',
      kpis.ordersByStatus.map(function (entry) {
        return el('tr', {}, [el('td', {}, [String(entry.status)]), el('td', { class: 'num' }, [String(entry.count)])]);
      }),
      2,
      'No orders in the window.',
    );
    fillTable(
      'circuit-table',
      kpis.platforms.map(function (platform) {
        var level = platform.circuit === 'CLOSED' ? 'ok' : platform.circuit === 'OPEN' ? 'bad' : 'warn';
        return el('tr', {}, [el('td', {}, [String(platform.platform)]), el('td', {}, [el('span', { class: 'status status-' + level }, [String(platform.circuit)])]), el('td', { class: 'num' }, [String(platform.openings)])]);
      }),
      3,
      'No platforms.',
    );
    fillTable(
      'queue-table',
      [
        ['pending steps', kpis.workflow.pendingSteps],
        ['scheduled (backoff, polling)', kpis.workflow.scheduledSteps],
        ['dead-lettered', kpis.workflow.deadLettered],
      ].map(function (entry) {
        return el('tr', {}, [el('td', {}, [entry[0]]), el('td', { class: 'num' }, [String(entry[1])])]);
      }),
      2,
      '',
    );
    fillTable(
      'overdue-table',
      overdue.map(function (entry) {
        return el('tr', {}, [el('td', {}, [String(entry.channel)]), el('td', {}, [String(entry.partnerId)]), el('td', { class: 'num' }, [String(entry.count)])]);
      }),
      3,
      'No outbound documents overdue.',
    );
    fillTable(
      'partner-table',
      vm.partnerHealth(kpis).map(function (row) {
        return el('tr', { 'data-partner': row.partnerId }, [
          el('td', {}, [el('span', { class: 'status status-' + row.status }, [row.status])]),
          el('td', {}, [row.partnerId]),
          el('td', { class: 'num' }, [String(row.orders)]),
          el('td', { class: 'num' }, [String(row.exceptions)]),
          el('td', { class: 'num' }, [row.validationFailures + ' (' + vm.formatPercent(row.validationFailureRate) + ')']),
          el('td', { class: 'num' }, [String(row.overdueDocuments)]),
        ]);
      }),
      6,
      'No partner activity in the window.',
    );
  }

  function renderActivity(answer) {
    var message = $('activity-message');
    var slots = ['throughput', 'latency', 'exceptions'];
    slots.forEach(function (name) {
      var figure = $('chart-' + name);
      Array.prototype.slice.call(figure.querySelectorAll('svg')).forEach(function (svg) {
        svg.remove();
      });
    });
    if (answer.status !== 200) {
      message.textContent = answer.status === 404 ? 'Activity not available: this gateway does not serve /process/operations/v1/activity yet.' : 'Activity not available: ' + describe(answer);
      show(message, true);
      show($('charts'), false);
      return;
    }
    show(message, false);
    show($('charts'), true);
    var data = vm.activityCharts(answer.body);
    var titles = { throughput: 'Throughput per minute', latency: 'Latency p50 / p95 (ms)', exceptions: 'Exceptions opened and 5xx per minute' };
    slots.forEach(function (name) {
      var tree = charts.timeSeriesChart({ title: titles[name], times: data.times, series: data[name], unit: name === 'latency' ? 'ms' : '' });
      $('chart-' + name).appendChild(charts.mount(tree, document));
    });
  }

  // ---- replay --------------------------------------------------------------------------------------------------

  function reportResult(answer, success) {
    if (answer.status === 202) setMessage('action-result', success(answer.body), false);
    else if (answer.status === 409) setMessage('action-result', 'Not replayed: ' + vm.problemMessage(409, answer.body), true);
    else setMessage('action-result', vm.problemMessage(answer.status, answer.body), true);
  }

  function replayOne(exception, button) {
    if (!session) return;
    button.disabled = true;
    call('POST', OPS + '/exceptions/' + encodeURIComponent(exception.id) + '/replay')
      .then(function (answer) {
        reportResult(answer, function (result) {
          return 'Replayed: order ' + exception.orderNumber + ' (' + result.orderId + ') runs step ' + result.step + ' again.';
        });
        return refresh();
      })
      .catch(function (error) {
        setMessage('action-result', 'The replay could not be sent: ' + error.message, true);
        button.disabled = false;
      });
  }

  function bulkReplay(event) {
    event.preventDefault();
    if (!session) return;
    var filter = {};
    var step = $('bulk-step').value;
    var partner = $('bulk-partner').value.trim();
    var limit = parseInt($('bulk-limit').value, 10);
    if (step) filter.step = step;
    if (partner) filter.partnerId = partner;
    if (limit > 0) filter.limit = limit;
    var described = (step ? 'step ' + step : 'any step') + ', ' + (partner ? 'partner ' + partner : 'every partner') + ', at most ' + (filter.limit || 100);
    if (!window.confirm('Replay the open exceptions matching: ' + described + '?')) return;
    var button = $('bulk-replay-button');
    button.disabled = true;
    call('POST', OPS + '/exceptions/replay', filter)
      .then(function (answer) {
        reportResult(answer, function (result) {
          return 'Bulk replay (' + described + '): ' + result.replayed.length + ' replayed, ' + result.skipped + ' skipped.';
        });
        return refresh();
      })
      .catch(function (error) {
        setMessage('action-result', 'The bulk replay could not be sent: ' + error.message, true);
      })
      .finally(function () {
        button.disabled = false;
      });
  }

  // ---- wiring --------------------------------------------------------------------------------------------------

  $('sign-in-form').addEventListener('submit', signIn);
  $('bulk-replay-form').addEventListener('submit', bulkReplay);
  $('refresh-button').addEventListener('click', function () {
    refresh();
  });
  $('sign-out-button').addEventListener('click', function () {
    expire('');
  });
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') stopTimer();
    else if (session) refresh();
  });
})();
