// Refreshes the status page from GET /status every two seconds without reloading it, and drives the buttons.
// The server renders the complete page; this only updates the cells marked data-field (same markup, same scale).
(() => {
  'use strict';
  const origin = window.location.origin; // never carries URL credentials, unlike a relative URL on such a page
  const number = new Intl.NumberFormat();

  const el = (tag, attributes, text) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  };
  const none = () => el('span', { class: 'none' }, '—');
  const small = (text) => (text ? el('small', {}, text) : null);
  const time = (iso) => (iso ? el('time', { datetime: iso }, iso) : none());
  const fill = (cell, ...children) => { if (cell) cell.replaceChildren(...children.filter(Boolean)); };

  // Compact: "14:03:10 · 12s ago" today, "Jan 5, 14:03 · 3d ago" otherwise; the exact instant is in the tooltip.
  function relative(date) {
    const seconds = Math.round((date.getTime() - Date.now()) / 1000);
    const size = Math.abs(seconds);
    const amount = size < 60 ? size + 's' : size < 3600 ? Math.round(size / 60) + 'm'
      : size < 86400 ? Math.round(size / 3600) + 'h' : Math.round(size / 86400) + 'd';
    return size < 2 ? 'now' : seconds < 0 ? amount + ' ago' : 'in ' + amount;
  }

  function clock(date) {
    const today = date.toDateString() === new Date().toDateString();
    return today ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })
      : date.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  }

  function localizeTimes() {
    for (const node of document.querySelectorAll('time[datetime]')) {
      const date = new Date(node.getAttribute('datetime'));
      if (isNaN(date)) continue;
      node.textContent = clock(date) + ' · ' + relative(date);
      node.title = date.toString();
    }
  }

  function progress(p) {
    if (!p) return [];
    const bar = p.pagesKnown > 0 ? el('progress', { max: p.pagesKnown, value: Math.min(p.pagesDone, p.pagesKnown) }) : el('progress');
    const pages = p.pagesKnown == null ? p.pagesDone + ' pages' : p.pagesDone + '/' + p.pagesKnown + ' pages';
    return [bar, small(p.phase + ' · ' + pages + ' · ' + number.format(p.changed) + ' changed')];
  }

  function renderResource(r) {
    const row = document.querySelector('tr[data-resource="' + CSS.escape(r.name) + '"]');
    if (!row) return;
    row.className = 'state-' + r.state;
    const cell = (field) => row.querySelector('[data-field="' + field + '"]');
    cell('rows').textContent = number.format(r.rows);
    fill(cell('state'), el('span', { class: 'pill' }, r.state));
    fill(cell('progress'), ...progress(r.progress));
    fill(cell('last-success'), time(r.lastSuccessAt), small(r.lastPass));
    fill(cell('next-run'), r.syncedWith ? small('with ' + r.syncedWith) : time(r.nextRunAt));
    fill(cell('reconcile'), time(r.lastReconcileAt), small(r.lastReconcileDeleted == null ? null : number.format(r.lastReconcileDeleted) + ' removed'));
    const error = r.lastError ? el('span', { title: r.lastError }, r.lastError.length > 90 ? r.lastError.slice(0, 87) + '…' : r.lastError) : null;
    fill(cell('last-error'), error, error ? document.createTextNode(' ') : null, error ? time(r.lastErrorAt) : null);
  }

  function renderThrottle(t) {
    const chart = document.getElementById('throttle-chart');
    if (!t || !chart) return;
    const top = Number(chart.dataset.top), plot = Number(chart.dataset.plot);
    const scale = Math.max(t.limit, ...t.windows.map((w) => w.calls));
    t.windows.forEach((w, i) => {
      const bar = chart.querySelector('rect[data-i="' + i + '"]');
      const mark = chart.querySelector('circle[data-i="' + i + '"]');
      if (!bar || !mark) return;
      const height = plot * w.calls / scale;
      bar.setAttribute('y', (top + plot - height).toFixed(2));
      bar.setAttribute('height', height.toFixed(2));
      bar.querySelector('title').textContent = new Date(w.start).toLocaleTimeString() + ': ' + w.calls + ' calls'
        + (w.throttles > 0 ? ', ' + w.throttles + ' throttle answer(s)' : '');
      mark.setAttribute('visibility', w.throttles > 0 ? 'visible' : 'hidden');
    });
    const summary = document.querySelector('[data-field="throttle-summary"]');
    const minutes = (t.windows.length * t.windowSeconds / 60).toFixed(1).replace(/\.0$/, '');
    fill(summary, document.createTextNode(number.format(t.calls) + ' calls in the last ' + minutes + ' min · '
      + number.format(t.throttles) + ' throttle answers honoured · limit ' + t.limit + ' per ' + t.windowSeconds + ' s'
      + (t.blockedUntil ? ' · holding every call until ' : '')), t.blockedUntil ? time(t.blockedUntil) : null);
  }

  function renderDeletions(list) {
    const ul = document.querySelector('[data-field="deletions"]');
    if (!ul) return;
    if (list.length === 0) return;
    fill(ul, ...list.map((d) => {
      const li = el('li');
      li.append(time(d.at), ' ', el('b', {}, number.format(d.rows)), ' ' + d.resource, small(d.reason));
      return li;
    }));
  }

  function render(status) {
    status.resources.forEach(renderResource);
    renderThrottle(status.throttle);
    renderDeletions(status.deletions);
    const ready = document.getElementById('ready');
    ready.className = 'badge ' + (status.ready ? 'ok' : 'waiting');
    ready.textContent = status.ready ? 'ready' : 'first pass running';
    fill(document.getElementById('generated'), time(status.generatedAt));
    document.body.classList.remove('stale');
    localizeTimes();
  }

  async function refresh() {
    try {
      const response = await fetch(origin + '/status', { headers: { Accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin' });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      render(await response.json());
    } catch (e) {
      document.body.classList.add('stale');
      fill(document.getElementById('generated'), document.createTextNode('failed (' + e.message + '), retrying'));
    }
  }

  async function syncNow(button) {
    button.disabled = true;
    button.textContent = 'Requested…';
    try {
      const response = await fetch(origin + '/status/sync/' + encodeURIComponent(button.dataset.resource), { method: 'POST', credentials: 'same-origin' });
      button.textContent = response.ok ? 'Started' : 'Refused (' + response.status + ')';
      await refresh();
    } catch (e) {
      button.textContent = 'Failed';
    }
    setTimeout(() => { button.disabled = false; button.textContent = 'Sync now'; }, 3000);
  }

  async function copyUrl() {
    const input = document.getElementById('odata-url');
    const done = document.getElementById('copied');
    try {
      await navigator.clipboard.writeText(input.value);
    } catch (e) {
      input.select(); // clipboard API needs a secure context: fall back to the selection
      document.execCommand('copy');
    }
    done.textContent = 'Copied';
    setTimeout(() => { done.textContent = ''; }, 2000);
  }

  document.addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (!button) return;
    if (button.classList.contains('sync-now')) syncNow(button);
    else if (button.id === 'copy-url') copyUrl();
  });
  localizeTimes();
  setInterval(refresh, 2000);
})();
