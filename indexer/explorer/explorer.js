/**
 * The dWallet explorer: a page over the indexer's own API (README "Indexer"), no framework, no
 * build step. Views by hash route, so every view is a shareable link:
 *
 *   #/                    the network: deployment, epoch, committee, network keys, presign pools, latest sessions
 *   #/dwallets            every dWallet, in id order
 *   #/owner/<address>     the dWallets of an owner
 *   #/dwallet/<id>        a dWallet: its key, addresses, sessions and signatures
 *   #/session/<id>        a session: its request, outcome, rejection and blamed validators
 *   #/search/<text>       resolves a dWallet id, an owner, a session id or a sign id to one of the above
 *
 * A live feed of results follows the stream (`EventSource('/v1/stream')`, which resumes with
 * Last-Event-ID after a reconnect); a result about the dWallet or session on screen refreshes it.
 * Everything from the API is put into the page as text (textContent / text nodes), never as HTML.
 * Errors are the API's own (`{ error: { code, message } }`), shown in the page.
 */

/** Results kept in the live feed. */
const FEED_LENGTH = 50;
/** Rows per page of the lists. */
const PAGE = 20;

const view = /** @type {HTMLElement} */ (document.getElementById('view'));
const feedList = /** @type {HTMLElement} */ (document.getElementById('feed-list'));
const feedState = /** @type {HTMLElement} */ (document.getElementById('feed-state'));
const searchForm = /** @type {HTMLFormElement} */ (document.getElementById('search'));
const searchInput = /** @type {HTMLInputElement} */ (document.getElementById('query'));

// ---------------------------------------------------------------------------------------------
// DOM and formatting

/**
 * An element with attributes and children; strings and numbers become text nodes, so data from
 * the API is never parsed as HTML.
 * @param {string} tag
 * @param {Record<string, unknown>} [attributes]
 * @param {...unknown} children
 * @returns {HTMLElement}
 */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Number.POSITIVE_INFINITY)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** `0x1234…cdef` for a long hex value (the whole value in the tooltip). */
function short(value) {
  return value.length > 18 ? `${value.slice(0, 8)}…${value.slice(-6)}` : value;
}

/** A hex value, whole, wrapping anywhere (detail views). */
function hex(value) {
  return value === null || value === undefined ? h('span', { class: 'muted' }, '—') : h('code', { class: 'hex' }, value);
}

/** A link to an object's view, named by its id: whole (wrapping anywhere) or shortened (on one line). */
function link(route, id, whole) {
  return h('a', { href: route, title: id, class: whole ? 'hex' : 'id' }, whole ? id : short(id));
}

function dwalletLink(id, whole = false) {
  return link(`#/dwallet/${id}`, id, whole);
}

function sessionLink(id, whole = false) {
  return link(`#/session/${id}`, id, whole);
}

function ownerLink(address, whole = false) {
  return link(`#/owner/${address}`, address, whole);
}

/** Chain time (milliseconds) as `YYYY-MM-DD HH:MM:SS UTC`. */
function time(ms) {
  if (ms === null || ms === undefined) return h('span', { class: 'muted' }, '—');
  const iso = new Date(ms).toISOString();
  return h('time', { datetime: iso }, `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`);
}

function badge(status) {
  return h('span', { class: `badge ${status}` }, status);
}

/** Names of the chain's numeric ids (/explorer/names.json, from the indexer's constants: no copy here). */
let names = { curves: {}, hashSchemes: {} };

function curveName(id) {
  return names.curves[id] ?? `curve ${id}`;
}

function hashSchemeName(id) {
  return names.hashSchemes[id] ?? `hash scheme ${id}`;
}

/** A definition list of [label, value] rows; rows whose value is undefined are left out. */
function fields(entries) {
  return h(
    'dl',
    { class: 'fields' },
    entries.filter(([, value]) => value !== undefined).map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]),
  );
}

/**
 * A table that turns into stacked cards on a phone: every cell carries its column's label
 * (`data-label`, shown by the CSS when the columns do not fit).
 */
function table(columns, body) {
  return h(
    'table',
    {},
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        columns.map((column) => h('th', { scope: 'col' }, column)),
      ),
    ),
    h(
      'tbody',
      {},
      body.map((cells) => tableRow(columns, cells)),
    ),
  );
}

function tableRow(columns, cells) {
  return h(
    'tr',
    {},
    cells.map((cell, index) => h('td', { 'data-label': columns[index] }, cell)),
  );
}

function section(title, ...content) {
  return h('section', { class: 'panel' }, h('h2', {}, title), content);
}

function empty(text) {
  return h('p', { class: 'muted empty' }, text);
}

// ---------------------------------------------------------------------------------------------
// The API

class ApiError extends Error {
  /**
   * @param {number} status HTTP status, 0 when the indexer did not answer
   * @param {string} code the API's error code
   * @param {string} message the API's message
   */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** GET `path` from the indexer; its error JSON becomes an ApiError. */
async function api(path) {
  let response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' } });
  } catch (error) {
    throw new ApiError(0, 'UNREACHABLE', `the indexer did not answer: ${error instanceof Error ? error.message : String(error)}`);
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(response.status, 'INVALID_RESPONSE', `the indexer answered ${response.status} with no JSON`);
  }
  if (!response.ok) {
    const error = body?.error;
    throw new ApiError(
      response.status,
      typeof error?.code === 'string' ? error.code : `HTTP_${response.status}`,
      typeof error?.message === 'string' ? error.message : `the indexer answered ${response.status}`,
    );
  }
  return body;
}

/** The API's answer, or null for a 404 (any other error is thrown). */
async function found(path) {
  try {
    return await api(path);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

const query = (parameters) => new URLSearchParams(Object.entries(parameters).filter(([, value]) => value !== undefined)).toString();

function errorNotice(error, hint) {
  const title =
    error instanceof ApiError
      ? error.status === 400
        ? 'Invalid input'
        : error.status === 404
          ? 'Not found'
          : error.status === 0
            ? 'The indexer is unreachable'
            : 'The indexer answered with an error'
      : 'Something went wrong';
  return h(
    'div',
    { class: 'notice error', role: 'alert' },
    h('strong', {}, title),
    h('p', { class: 'message' }, error instanceof Error ? error.message : String(error)),
    hint === undefined ? null : h('p', {}, hint),
    error instanceof ApiError ? h('p', { class: 'code' }, error.code) : null,
  );
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

/** Committee member `index` (0-based, as `blamed` lists them) with its address when the session's epoch is the current one. */
function blamedList(blamed, epoch, committee) {
  if (blamed.length === 0) return h('span', { class: 'muted' }, 'none');
  const members = committee !== null && committee.epoch === epoch ? committee.members : null;
  return h(
    'ul',
    { class: 'blamed' },
    blamed.map((index) => {
      const member = members?.[index];
      return h(
        'li',
        {},
        `member #${index}`,
        member === undefined ? null : [' ', h('code', { class: 'id', title: member.suiAddress }, short(member.suiAddress))],
      );
    }),
  );
}

function rejectionFields(rejection, epoch, committee) {
  return fields([
    ['Reason code', `${rejection.reasonCode}${rejection.reasonName === null ? '' : ` (${rejection.reasonName})`}`],
    ['Reason', h('span', { class: 'reason' }, rejection.reason === '' ? '—' : rejection.reason)],
    ['Blamed validators', blamedList(rejection.blamed, epoch, committee)],
  ]);
}

/** The rejection in one table cell: `code name: text`, blamed members. */
function rejectionCell(rejection) {
  if (rejection === null) return h('span', { class: 'muted' }, '—');
  return h(
    'span',
    { class: 'reason' },
    `${rejection.reasonCode}${rejection.reasonName === null ? '' : ` ${rejection.reasonName}`}: ${rejection.reason}`,
    rejection.blamed.length === 0 ? null : h('span', { class: 'muted' }, ` (blamed: ${rejection.blamed.map((i) => `#${i}`).join(', ')})`),
  );
}

const ADDRESS_LABELS = [
  ['ethereum', 'Ethereum'],
  ['bitcoin', 'Bitcoin (P2WPKH, mainnet)'],
  ['bitcoinTaproot', 'Bitcoin (P2TR, mainnet)'],
  ['solana', 'Solana'],
];

function addressRows(addresses) {
  return ADDRESS_LABELS.filter(([key]) => addresses[key] !== undefined).map(([key, label]) => [
    label,
    h('code', { class: 'hex address', 'data-address': key }, addresses[key]),
  ]);
}

function dwalletCard(dwallet) {
  return h(
    'article',
    { class: 'card dwallet', 'data-dwallet': dwallet.id },
    h('h3', {}, dwalletLink(dwallet.id, true)),
    fields([
      ['State', badge(dwallet.state)],
      ['Curve', curveName(dwallet.curve)],
      ['Algorithm', dwallet.algorithm],
      ['Public key', hex(dwallet.publicKey)],
      ...addressRows(dwallet.addresses),
    ]),
  );
}

/**
 * A list of `PAGE` items with a "More" button for the next page: `load(cursor)` answers
 * `{ items, nextCursor }`, `make()` the element holding the items and how to append to it.
 */
async function paged(load, nothing, make) {
  const first = await load(undefined);
  if (first.items.length === 0) return empty(nothing);
  const { node, append } = make();
  append(first.items);
  const container = h('div', { class: 'paged' }, node);
  let cursor = first.nextCursor;
  if (cursor === null) return container;
  const more = h('button', { type: 'button', class: 'more' }, 'More');
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const next = await load(cursor);
      append(next.items);
      cursor = next.nextCursor;
    } catch (error) {
      container.append(errorNotice(error));
    } finally {
      more.disabled = false;
      if (cursor === null) more.remove();
    }
  });
  container.append(more);
  return container;
}

/** Items of a paged list as cards. */
const cards = (render) => () => {
  const list = h('div', { class: 'items' });
  return { node: list, append: (items) => list.append(...items.map(render)) };
};

/** Items of a paged list as table rows. */
const rows = (columns, row) => () => {
  const rendered = table(columns, []);
  const body = rendered.tBodies[0];
  return {
    node: h('div', { class: 'table' }, rendered),
    append: (items) => body.append(...items.map((item) => tableRow(columns, row(item)))),
  };
};

const SESSION_COLUMNS = ['Session', 'Kind', 'Status', 'Requested', 'Completed', 'Rejection'];

function sessionRow(session) {
  return [
    sessionLink(session.sessionId),
    session.kind,
    badge(session.status),
    time(session.requestedAt),
    time(session.completedAt),
    rejectionCell(session.rejection),
  ];
}

const SIGNATURE_COLUMNS = ['Session', 'Status', 'Hash scheme', 'Message', 'Signature', 'Requested', 'Rejection'];

function signatureRow(signature) {
  return [
    sessionLink(signature.sessionId),
    badge(signature.status),
    hashSchemeName(signature.hashScheme),
    h('code', { class: 'id', title: signature.message }, short(signature.message)),
    signature.signature === null ? h('span', { class: 'muted' }, '—') : h('code', { class: 'hex' }, signature.signature),
    time(signature.requestedAt),
    rejectionCell(signature.rejection),
  ];
}

const ENCRYPTED_SHARE_COLUMNS = ['Session', 'Kind', 'Encrypted for', 'Sender', 'State', 'Requested', 'Rejection'];

/** An encrypted user share: a backup (under its owner's own key) or a transfer (under the recipient's). */
function encryptedShareRow(share) {
  return [
    sessionLink(share.sessionId),
    share.transfer ? 'transfer' : 'backup',
    ownerLink(share.owner),
    ownerLink(share.sender),
    badge(share.state),
    time(share.createdAt),
    rejectionCell(share.rejection),
  ];
}

const loadSessions = (filter) => async (cursor) => {
  const page = await api(`/v1/sessions?${query({ ...filter, limit: PAGE, cursor })}`);
  return { items: page.sessions, nextCursor: page.nextCursor };
};

// ---------------------------------------------------------------------------------------------
// Views

async function networkView() {
  const [network, { pools }] = await Promise.all([api('/v1/network'), api('/v1/presigns/pool')]);
  const committee = network.committee;
  return [
    h('h1', {}, 'Network'),
    section(
      'Deployment',
      fields([
        ['Package', hex(network.packageId)],
        ['Coordinator', hex(network.coordinatorId)],
        ['Epoch', h('span', { 'data-field': 'epoch' }, network.epoch)],
      ]),
    ),
    section(
      'Committee',
      committee === null
        ? empty('No committee has been set yet.')
        : [
            fields([
              ['Epoch', committee.epoch],
              ['Threshold', h('span', { 'data-field': 'threshold' }, `${committee.threshold} of ${committee.totalWeight} (weight)`)],
              ['Members', String(committee.members.length)],
            ]),
            h(
              'div',
              { class: 'table' },
              table(
                ['#', 'Sui address', 'Weight', 'Network address'],
                committee.members.map((member, index) => [
                  String(index),
                  h('code', { class: 'id', title: member.suiAddress }, short(member.suiAddress)),
                  member.weight,
                  h('span', { class: 'wrap' }, member.networkAddress),
                ]),
              ),
            ),
          ],
    ),
    section(
      'Network keys',
      network.networkKeys.length === 0
        ? empty('No network key has been registered yet.')
        : h(
            'div',
            { class: 'table' },
            table(
              ['Key', 'Curves', 'Epoch'],
              network.networkKeys.map((key) => [
                h('code', { class: 'id', title: key.id }, short(key.id)),
                key.curves.map(curveName).join(', '),
                key.epoch,
              ]),
            ),
          ),
    ),
    section(
      'Presign pools',
      pools.length === 0
        ? empty('No pool yet.')
        : h(
            'div',
            { class: 'table' },
            table(
              ['Network key', 'Curve', 'Algorithm', 'Available', 'Pending'],
              pools.map((pool) => [
                h('code', { class: 'id', title: pool.networkKeyId }, short(pool.networkKeyId)),
                curveName(pool.curve),
                pool.algorithm,
                String(pool.available),
                String(pool.pending),
              ]),
            ),
          ),
    ),
    section('Latest sessions', await paged(loadSessions({}), 'No session yet.', rows(SESSION_COLUMNS, sessionRow))),
  ];
}

async function dwalletsView(owner) {
  const load = async (cursor) => {
    const page = await api(`/v1/dwallets?${query({ owner, limit: PAGE, cursor })}`);
    return { items: page.dwallets, nextCursor: page.nextCursor };
  };
  return [
    h('h1', {}, owner === undefined ? 'dWallets' : 'dWallets of an owner'),
    owner === undefined ? null : fields([['Owner', hex(owner)]]),
    await paged(
      load,
      owner === undefined ? 'No dWallet has been indexed yet.' : 'This address owns no indexed dWallet.',
      cards(dwalletCard),
    ),
  ];
}

async function dwalletView(id) {
  const dwallet = await api(`/v1/dwallets/${encodeURIComponent(id)}`);
  const [{ committee }, sessions, signatures, encryptedShares] = await Promise.all([
    api('/v1/network'),
    paged(loadSessions({ dwallet: dwallet.id }), 'No session.', rows(SESSION_COLUMNS, sessionRow)),
    paged(
      async (cursor) => {
        const page = await api(`/v1/signatures?${query({ dwallet: dwallet.id, limit: PAGE, cursor })}`);
        return { items: page.signatures, nextCursor: page.nextCursor };
      },
      'No signature requested yet.',
      rows(SIGNATURE_COLUMNS, signatureRow),
    ),
    paged(
      async (cursor) => {
        const page = await api(`/v1/dwallets/${encodeURIComponent(dwallet.id)}/encrypted-shares?${query({ limit: PAGE, cursor })}`);
        return { items: page.encryptedShares, nextCursor: page.nextCursor };
      },
      'No encrypted share: the user share is not backed up on chain.',
      rows(ENCRYPTED_SHARE_COLUMNS, encryptedShareRow),
    ),
  ]);
  return [
    h('h1', {}, 'dWallet'),
    h(
      'section',
      { class: 'panel', 'data-dwallet': dwallet.id },
      fields([
        ['Id', hex(dwallet.id)],
        ['State', badge(dwallet.state)],
        ['Curve', curveName(dwallet.curve)],
        ['Algorithm', dwallet.algorithm],
        ['Owner', ownerLink(dwallet.owner, true)],
        ['Cap', hex(dwallet.capId)],
        ['Network key', hex(dwallet.networkKeyId)],
        ['Origin', dwallet.imported ? 'imported key' : 'DKG'],
        ['Trust', dwallet.publicUserShare === null ? 'zero-trust' : 'shared (user share public)'],
        ['Public key', hex(dwallet.publicKey)],
        ...addressRows(dwallet.addresses),
        ['Created', time(dwallet.createdAt)],
        ['Session', sessionLink(dwallet.sessionId, true)],
      ]),
      dwallet.rejection === null ? null : [h('h3', {}, 'Rejection'), rejectionFields(dwallet.rejection, null, committee)],
    ),
    section('Signatures', signatures),
    section('Encrypted user shares', encryptedShares),
    section('Sessions', sessions),
  ];
}

async function sessionView(id) {
  const session = await api(`/v1/sessions/${encodeURIComponent(id)}`);
  const [{ committee }, signature] = await Promise.all([
    api('/v1/network'),
    session.kind === 'sign' ? found(`/v1/signatures/${session.objectId}`) : null,
  ]);
  return [
    h('h1', {}, `Session: ${session.kind}`),
    h(
      'section',
      { class: 'panel', 'data-session': session.sessionId },
      fields([
        ['Session', hex(session.sessionId)],
        ['Kind', session.kind],
        ['Status', badge(session.status)],
        ['dWallet', session.dwalletId === null ? undefined : dwalletLink(session.dwalletId, true)],
        ['Object', hex(session.objectId)],
        ['Requester', ownerLink(session.requester, true)],
        ['Curve', curveName(session.curve)],
        ['Algorithm', session.algorithm],
        ['Epoch', session.epoch],
        ['Fee', `${session.fee} MIST`],
        ['Requested', time(session.requestedAt)],
        ['Request transaction', hex(session.requestTx)],
        ['Completed', time(session.completedAt)],
        ['Result transaction', session.completedTx === null ? undefined : hex(session.completedTx)],
        ['Result batch', session.resultSequence ?? undefined],
      ]),
    ),
    signature === null
      ? null
      : section(
          'Signature',
          fields([
            ['Hash scheme', hashSchemeName(signature.hashScheme)],
            ['Message', hex(signature.message)],
            ['Signature', hex(signature.signature)],
          ]),
        ),
    session.rejection === null ? null : section('Rejection', rejectionFields(session.rejection, session.epoch, committee)),
  ];
}

/**
 * What an id is: a dWallet, an owner of dWallets, a session or a sign request, asked in that
 * order; the view's route replaces the search in the history.
 */
async function searchView(text) {
  const trimmed = text.trim();
  if (trimmed === '') return dwalletsView(undefined);
  // Ids are 32 bytes; the API wants dWallet ids and addresses with their 0x.
  const id = /^[0-9a-fA-F]{64}$/.test(trimmed) ? `0x${trimmed}` : trimmed;
  const dwallet = await found(`/v1/dwallets/${encodeURIComponent(id)}`);
  if (dwallet !== null) return redirect(`#/dwallet/${dwallet.id}`);
  const owned = await api(`/v1/dwallets?${query({ owner: id, limit: 1 })}`);
  if (owned.dwallets.length > 0) return redirect(`#/owner/${id.toLowerCase()}`);
  const session = await found(`/v1/sessions/${encodeURIComponent(id)}`);
  if (session !== null) return redirect(`#/session/${session.sessionId}`);
  const signature = await found(`/v1/signatures/${encodeURIComponent(id)}`);
  if (signature !== null) return redirect(`#/session/${signature.sessionId}`);
  throw new ApiError(404, 'INDEXER_NOT_FOUND', `no dWallet, owner, session or sign request ${id} has been indexed`);
}

function redirect(route) {
  location.replace(route);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Routing

/** The view on screen: what a live result may refresh. */
let current = { kind: 'network', id: '' };
/** Increases with each navigation, so a slow answer never replaces a newer view. */
let generation = 0;

const ROUTES = [
  [/^$|^\/$/, 'network', () => networkView()],
  [/^\/dwallets$/, 'dwallets', () => dwalletsView(undefined)],
  [/^\/owner\/(.*)$/, 'owner', (owner) => dwalletsView(owner)],
  [/^\/dwallet\/(.*)$/, 'dwallet', (id) => dwalletView(id)],
  [/^\/session\/(.*)$/, 'session', (id) => sessionView(id)],
  [/^\/search\/(.*)$/, 'search', (text) => searchView(text)],
];

function parseRoute() {
  const path = location.hash.replace(/^#/, '');
  for (const [pattern, kind, render] of ROUTES) {
    const match = pattern.exec(path);
    if (match !== null) {
      let argument = '';
      try {
        argument = decodeURIComponent(match[1] ?? '');
      } catch {
        argument = match[1] ?? '';
      }
      return { kind, id: argument, render: () => render(argument) };
    }
  }
  return {
    kind: 'unknown',
    id: path,
    render: async () => errorNotice(new ApiError(404, 'NO_SUCH_VIEW', `no view ${path}`), 'Try the search above.'),
  };
}

/** Renders the route; `quiet` keeps the old content until the new one is ready (live refresh). */
async function render({ quiet = false } = {}) {
  const route = parseRoute();
  const mine = ++generation;
  current = { kind: route.kind, id: route.id };
  for (const anchor of document.querySelectorAll('header nav a')) {
    anchor.toggleAttribute(
      'aria-current',
      anchor.getAttribute('href') === (route.kind === 'owner' ? '#/dwallets' : `#/${route.kind === 'network' ? '' : route.kind}`),
    );
  }
  if (!quiet) {
    view.setAttribute('aria-busy', 'true');
    view.replaceChildren(h('p', { class: 'muted loading' }, 'Loading…'));
  }
  let content;
  try {
    content = await route.render();
  } catch (error) {
    content = errorNotice(error, route.kind === 'search' ? undefined : 'Check the id, or search for it above.');
  }
  if (mine !== generation || content === null) return;
  view.replaceChildren(...[content].flat(Number.POSITIVE_INFINITY).filter((node) => node !== null && node !== undefined));
  view.removeAttribute('aria-busy');
  view.dataset.view = route.kind;
  view.dataset.route = location.hash;
}

searchForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = searchInput.value.trim();
  if (text === '') return;
  const route = `#/search/${encodeURIComponent(text)}`;
  if (location.hash === route) render();
  else location.hash = route;
});

window.addEventListener('hashchange', () => render());

// ---------------------------------------------------------------------------------------------
// The live feed

function feedItem(result) {
  return h(
    'li',
    { class: `feed-item ${result.status}`, 'data-session': result.sessionId },
    h('div', {}, badge(result.status), ' ', h('strong', {}, result.kind), ' ', time(result.completedAt)),
    h(
      'div',
      { class: 'feed-links' },
      'session ',
      sessionLink(result.sessionId),
      result.dwalletId === null ? null : [' · dWallet ', dwalletLink(result.dwalletId)],
    ),
    result.rejection === null ? null : h('div', {}, rejectionCell(result.rejection)),
  );
}

let refreshing = false;
let refreshAgain = false;

/** Re-renders the view for a live result: one refresh at a time, results meanwhile make one more. */
async function refresh() {
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = true;
  try {
    await render({ quiet: true });
  } finally {
    refreshing = false;
    if (refreshAgain) {
      refreshAgain = false;
      refresh();
    }
  }
}

/** Whether a result concerns the view on screen. */
function concernsView(result) {
  if (current.kind === 'dwallet') return current.id.toLowerCase() === result.dwalletId || current.id.toLowerCase() === result.objectId;
  if (current.kind === 'session') return current.id.toLowerCase().replace(/^(0x)?/, '0x') === result.sessionId;
  return current.kind === 'network';
}

function followFeed() {
  const source = new EventSource('/v1/stream');
  const state = (text, live) => {
    feedState.textContent = text;
    feedState.classList.toggle('live', live);
  };
  source.addEventListener('open', () => state('live', true));
  source.addEventListener('error', () => state(source.readyState === EventSource.CLOSED ? 'disconnected' : 'reconnecting…', false));
  source.addEventListener('result', (event) => {
    let result;
    try {
      result = JSON.parse(/** @type {MessageEvent} */ (event).data);
    } catch {
      return;
    }
    feedList.querySelector('.empty')?.remove();
    feedList.prepend(feedItem(result));
    while (feedList.children.length > FEED_LENGTH) feedList.lastElementChild?.remove();
    if (concernsView(result)) refresh();
  });
}

try {
  names = await api('/explorer/names.json');
} catch {
  // The page still works with numeric ids.
}
followFeed();
render();
