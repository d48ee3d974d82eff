// Skiff console: plain script, no framework, no build step. Everything taken from the cluster is
// put on the page as text (textContent / createTextNode), never as markup.
'use strict';

const state = { info: null, timer: null, rates: [] };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') node.className = v;
    else if (k === 'onclick' || k === 'onsubmit') node[k] = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
  return node;
}

function table(headers, rows, numeric) {
  const head = el('tr', {}, ...headers.map(h => el('th', {}, h)));
  const body = rows.map(r => el('tr', {}, ...r.map((c, i) =>
    el('td', numeric && numeric.includes(i) ? { class: 'num' } : {}, c))));
  return el('table', {}, el('thead', {}, head), el('tbody', {}, ...body));
}

function showError(text) {
  const box = document.getElementById('error');
  box.textContent = text || '';
  box.hidden = !text;
}

async function api(path, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') query.set(k, v);
  }
  const q = query.toString();
  const response = await fetch(path + (q ? '?' + q : ''), { headers: { Accept: 'application/json' } });
  const json = await response.json();
  if (!response.ok) throw new Error(json.error || ('HTTP ' + response.status));
  return json;
}

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(json.error || ('HTTP ' + response.status));
  return json;
}

function percent(ratio) {
  const v = parseFloat(ratio);
  return isNaN(v) ? '' : (v * 100).toFixed(1) + ' %';
}

function fmtTime(ms) {
  return ms > 0 ? new Date(ms).toISOString().replace('T', ' ').replace('Z', '') : '';
}

function view(...children) {
  const v = document.getElementById('view');
  v.replaceChildren(...children);
}

function pager(page, onPage) {
  const pages = Math.max(1, Math.ceil(page.total / page.size));
  const prev = el('button', { type: 'button' }, '‹ previous');
  const next = el('button', { type: 'button' }, 'next ›');
  prev.disabled = page.page <= 0;
  next.disabled = page.page + 1 >= pages;
  prev.onclick = () => onPage(page.page - 1);
  next.onclick = () => onPage(page.page + 1);
  return el('div', { class: 'pager' }, prev,
    el('span', {}, 'page ' + (page.page + 1) + ' of ' + pages + ' (' + page.total + ')'), next);
}

function searchForm(placeholder, value, onSearch) {
  const input = el('input', { type: 'search', placeholder: placeholder, id: 'filter' });
  input.value = value || '';
  const form = el('form', {}, el('label', {}, 'Filter', input), el('button', { type: 'submit' }, 'Search'));
  form.onsubmit = e => { e.preventDefault(); onSearch(input.value); };
  return form;
}

// --- cluster -------------------------------------------------------------------------------

function drawRates(canvas) {
  const ctx = canvas.getContext('2d');
  const w = canvas.width, h = canvas.height, data = state.rates;
  ctx.clearRect(0, 0, w, h);
  const max = Math.max(1, ...data);
  ctx.strokeStyle = '#2b6cb0';
  ctx.beginPath();
  data.forEach((v, i) => {
    const x = (i / Math.max(1, data.length - 1)) * (w - 4) + 2;
    const y = h - 2 - (v / max) * (h - 4);
    if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
  });
  ctx.stroke();
  ctx.fillStyle = '#667';
  ctx.fillText('max ' + max.toFixed(1) + ' msg/s', 4, 12);
}

async function showCluster() {
  const c = await api('/api/cluster');
  const rows = [];
  let putTps = 0;
  for (const b of c.brokers) {
    for (const r of b.replicas) {
      const rt = r.runtime || {};
      const ha = r.ha || {};
      let replication = '';
      if (ha.available && ha.master) {
        replication = (ha.slaves || []).map(s => s.addr + (s.inSync ? ' in sync' : ' NOT in sync') +
          ', ' + s.diffBytes + ' B behind').join('; ') || 'no slaves';
        replication = 'in-sync slaves: ' + ha.inSyncSlaveNums + ' — ' + replication;
      } else if (ha.available && ha.masterAddr) {
        replication = 'follows ' + ha.masterAddr + (ha.linkActive ? '' : ' (link down)');
      }
      putTps += parseFloat(String(rt.putTps || '0').split(' ')[0]) || 0;
      rows.push([b.cluster, b.brokerName, r.id, r.role, r.addr, rt.brokerVersionDesc || '',
        rt.putTps || '', rt.getTransferredTps || '', percent(rt.commitLogDiskRatio),
        rt.dispatchBehindBytes || '', replication, r.error || (rt.storeHealthy === 'false' ? 'store failed' : 'ok')]);
    }
  }
  state.rates.push(putTps);
  if (state.rates.length > 60) state.rates.shift();
  const canvas = el('canvas', { width: '480', height: '90', id: 'rate-chart' });
  view(el('h2', {}, 'Cluster'),
    el('p', {}, c.brokersTotal + ' broker group(s)' +
      (c.brokersTotal > c.brokers.length ? ', first ' + c.brokers.length + ' shown' : '')),
    table(['cluster', 'broker', 'id', 'role', 'address', 'version', 'put TPS', 'get TPS', 'disk',
      'dispatch behind', 'replication', 'state'], rows, [2]),
    el('h3', {}, 'Messages put per second, all brokers (refreshed every 5 s)'), canvas);
  drawRates(canvas);
}

// --- topics ----------------------------------------------------------------------------------

async function showTopics(params) {
  const page = await api('/api/topics', params);
  const rows = page.items.map(name => [el('a', { href: '#topic/' + encodeURIComponent(name) }, name)]);
  view(el('h2', {}, 'Topics'),
    searchForm('part of a name', params.q, q => showTopics({ q: q, page: 0 }).catch(fail)),
    pager(page, p => showTopics({ q: params.q, page: p }).catch(fail)),
    table(['topic'], rows),
    state.info && state.info.writeEnabled ? createTopicForm() : null);
}

function createTopicForm() {
  const name = el('input', { id: 'new-topic', required: 'required' });
  const queues = el('input', { id: 'new-topic-queues', type: 'number', min: '1', max: '1024', value: '4' });
  const out = el('span', {});
  const form = el('form', {}, el('label', {}, 'New topic', name), el('label', {}, 'Queues', queues),
    el('button', { type: 'submit' }, 'Create'), out);
  form.onsubmit = async e => {
    e.preventDefault();
    try {
      const r = await post('/api/topic/create', { topic: name.value, queues: queues.value });
      out.textContent = 'created on ' + r.brokers.join(', ');
    } catch (err) { fail(err); }
  };
  return el('div', {}, el('h3', {}, 'Create or update a topic'), form);
}

async function showTopic(name) {
  const t = await api('/api/topic', { name: name });
  const parts = [el('h2', {}, 'Topic ', name), el('p', {}, t.messages + ' message(s) held')];
  for (const b of t.brokers) {
    parts.push(el('h3', {}, b.brokerName + ' (' + (b.addr || 'no master') + ')'),
      el('p', {}, 'read queues ' + b.readQueueNums + ', write queues ' + b.writeQueueNums +
        ', perm ' + b.perm + (b.putTps !== undefined ? ', put ' + b.putTps.toFixed(2) + ' msg/s' : '')));
    if (b.error) parts.push(el('p', { class: 'bad' }, b.error));
    if (b.queues) {
      parts.push(table(['queue', 'min offset', 'max offset', 'last update'],
        b.queues.map(q => [q.queueId, q.minOffset, q.maxOffset, fmtTime(q.lastUpdateTimestamp)]), [0, 1, 2]));
    }
  }
  if (state.info && state.info.writeEnabled) parts.push(sendForm(name));
  view(...parts);
}

function sendForm(topic) {
  const body = el('textarea', { id: 'send-body', rows: '3', cols: '40' });
  const key = el('input', { id: 'send-key' });
  const tag = el('input', { id: 'send-tag' });
  const out = el('span', { id: 'send-result' });
  const form = el('form', {}, el('label', {}, 'Body', body), el('label', {}, 'Key', key),
    el('label', {}, 'Tag', tag), el('button', { type: 'submit' }, 'Send test message'), out);
  form.onsubmit = async e => {
    e.preventDefault();
    try {
      const r = await post('/api/send', { topic: topic, body: body.value, key: key.value, tag: tag.value });
      out.textContent = r.status + ': ' + r.msgId + ' on ' + r.brokerName + ' queue ' + r.queueId +
        ' offset ' + r.queueOffset;
    } catch (err) { fail(err); }
  };
  return el('div', {}, el('h3', {}, 'Send a test message'), form);
}

// --- groups ----------------------------------------------------------------------------------

async function showGroups(params) {
  const page = await api('/api/groups', params);
  const rows = page.items.map(name => [el('a', { href: '#group/' + encodeURIComponent(name) }, name)]);
  view(el('h2', {}, 'Consumer groups'),
    searchForm('part of a name', params.q, q => showGroups({ q: q, page: 0 }).catch(fail)),
    pager(page, p => showGroups({ q: params.q, page: p }).catch(fail)),
    table(['group'], rows),
    page.errors.length ? el('p', { class: 'bad' }, page.errors.join('; ')) : null);
}

async function showGroup(name, pageNo) {
  const g = await api('/api/group', { name: name, page: pageNo || 0 });
  const queues = g.queues;
  const parts = [el('h2', {}, 'Consumer group ', name),
    el('p', {}, 'lag ' + g.lag + ' message(s), consuming ' + g.consumeTps.toFixed(2) + ' msg/s, ' +
      g.membersTotal + ' member(s)' + (g.messageModel ? ', ' + g.messageModel : '')),
    el('h3', {}, 'Lag per queue'),
    pager(queues, p => showGroup(name, p).catch(fail)),
    table(['topic', 'broker', 'queue', 'broker offset', 'consumer offset', 'lag', 'last consumed'],
      queues.items.map(q => [q.topic, q.brokerName, q.queueId, q.brokerOffset, q.consumerOffset, q.lag,
        fmtTime(q.lastTimestamp)]), [2, 3, 4, 5]),
    el('h3', {}, 'Members'),
    table(['client id', 'address', 'language', 'version'],
      g.members.map(m => [m.clientId, m.clientAddr, m.language, m.version]))];
  if (g.errors.length) parts.push(el('p', { class: 'bad' }, g.errors.join('; ')));
  if (state.info && state.info.writeEnabled) parts.push(resetForm(name));
  view(...parts);
}

function resetForm(group) {
  const topic = el('input', { id: 'reset-topic', required: 'required' });
  const time = el('input', { id: 'reset-time', type: 'datetime-local' });
  const out = el('span', {});
  const form = el('form', {}, el('label', {}, 'Topic', topic), el('label', {}, 'To time (empty: the end)', time),
    el('button', { type: 'submit' }, 'Reset offsets'), out);
  form.onsubmit = async e => {
    e.preventDefault();
    try {
      const ts = time.value ? new Date(time.value).getTime() : -1;
      const r = await post('/api/group/reset-offset', { group: group, topic: topic.value, timestamp: ts });
      out.textContent = 'reset ' + r.brokers.map(b => b.brokerName + ': ' + b.queues + ' queue(s)').join(', ');
    } catch (err) { fail(err); }
  };
  return el('div', {}, el('h3', {}, 'Reset offsets'), form);
}

// --- messages --------------------------------------------------------------------------------

function showMessages() {
  const topic = el('input', { id: 'msg-topic', required: 'required' });
  const key = el('input', { id: 'msg-key' });
  const id = el('input', { id: 'msg-id' });
  const results = el('div', { id: 'msg-results' });
  const form = el('form', {}, el('label', {}, 'Topic', topic), el('label', {}, 'Key', key),
    el('label', {}, 'or message id', id), el('button', { type: 'submit' }, 'Find'));
  form.onsubmit = async e => {
    e.preventDefault();
    try {
      showError('');
      const r = await api('/api/message', { topic: topic.value, key: key.value, id: id.value });
      results.replaceChildren(...(r.messages.length ? r.messages.map(renderMessage) : [el('p', {}, 'nothing found')]));
    } catch (err) { fail(err); }
  };
  view(el('h2', {}, 'Find messages'), form, results);
}

function renderMessage(m) {
  const props = Object.entries(m.properties).map(([k, v]) => [k, v]);
  return el('div', { class: 'message' },
    el('h3', {}, m.msgId),
    table(['field', 'value'], [
      ['topic', m.topic], ['unique id', m.uniqKey || ''], ['keys', m.keys || ''], ['tags', m.tags || ''],
      ['queue', m.queueId + ' @ ' + m.queueOffset], ['stored', fmtTime(m.storeTimestamp) + ' on ' + m.storeHost],
      ['born', fmtTime(m.bornTimestamp) + ' on ' + m.bornHost], ['reconsumed', m.reconsumeTimes],
      ['body size', m.bodySize + ' B (' + m.bodyEncoding + (m.bodyTruncated ? ', cut' : '') + ')']]),
    el('pre', {}, m.body || ''),
    table(['property', 'value'], props));
}

// --- navigation ------------------------------------------------------------------------------

function fail(err) {
  showError(err && err.message ? err.message : String(err));
}

async function route() {
  clearInterval(state.timer);
  showError('');
  const hash = decodeURIComponent(location.hash.replace(/^#/, '')) || 'cluster';
  const [page, ...rest] = hash.split('/');
  const arg = rest.join('/');
  for (const a of document.querySelectorAll('header nav a')) {
    a.classList.toggle('active', a.id === 'nav-' + (page === 'topic' ? 'topics' : page === 'group' ? 'groups' : page));
  }
  try {
    if (page === 'topics') await showTopics({});
    else if (page === 'topic') await showTopic(arg);
    else if (page === 'groups') await showGroups({});
    else if (page === 'group') await showGroup(arg, 0);
    else if (page === 'messages') showMessages();
    else {
      await showCluster();
      state.timer = setInterval(() => showCluster().catch(fail), 5000);
    }
  } catch (err) { fail(err); }
}

async function start() {
  try {
    state.info = await api('/api/info');
    document.getElementById('namesrv').textContent = state.info.namesrvAddr.join(', ');
    document.getElementById('mode').textContent = state.info.writeEnabled ? 'actions enabled' : 'read-only';
  } catch (err) { fail(err); }
  window.addEventListener('hashchange', route);
  await route();
}

document.addEventListener('DOMContentLoaded', start);
