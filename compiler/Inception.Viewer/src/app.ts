// The viewer: a folded picture of the network, unfolded on demand, with details, colouring, search, links to a
// node, zoom and export. The DOM is the test contract (docs/viewer.md): every drawn node is an element with
// data-node, data-kind, data-shape, data-params, data-macs (and data-status in a diff); foldable nodes carry
// aria-expanded; body.dataset.ready is "true" once a picture is drawn.
import type { Edge, LayoutItem, LayoutResult, Model, Node, Totals } from './model';
import { ancestors, depthOf, foldable, index, type Tree, visibleChildren } from './tree';
import { exact, percent, short, signed } from './format';
import { layoutTree } from './layout';

const svgNs = 'http://www.w3.org/2000/svg';
type Metric = 'none' | 'macs' | 'parameters' | 'activations';

interface State {
  tree: Tree;
  diff: boolean;
  expanded: Set<string>;
  collapsed: Set<string>;
  revealed: Set<string>;
  selected: string | null;
  metric: Metric;
  changesOnly: boolean;
  view: { x: number; y: number; k: number };
  layout: LayoutResult | null;
  runs: Map<string, Node[]>;
  drawn: Map<string, Node>;
}

let state: State;

/** VS Code's webview API, when the page runs in the editor's architecture view. */
interface Host { postMessage(message: unknown): void }
declare function acquireVsCodeApi(): Host;
let host: Host | null = null;
let requestLayout: (root: LayoutItem) => Promise<LayoutResult>;
let firstPicture = true;

export function start(): void {
  performance.mark('incept:start');
  const model = JSON.parse(document.getElementById('incept-model')!.textContent!) as Model;
  state = {
    tree: index(model),
    diff: model.kind === 'diff',
    expanded: new Set(),
    collapsed: new Set(),
    revealed: new Set(),
    selected: null,
    metric: 'none',
    changesOnly: false,
    view: { x: 0, y: 0, k: 1 },
    layout: null,
    runs: new Map(),
    drawn: new Map(),
  };
  requestLayout = layoutService();
  buildPage(model);
  const initial = decodeURIComponent(location.hash.slice(1));
  if (initial && state.tree.byId.has(initial)) {
    void focusNode(initial, true);
  } else {
    void render(true);
  }

  window.addEventListener('hashchange', () => {
    const id = decodeURIComponent(location.hash.slice(1));
    if (state.tree.byId.has(id) && id !== state.selected) {
      void focusNode(id, true);
    }
  });
  if (typeof acquireVsCodeApi === 'function') {
    host = acquireVsCodeApi();
    window.addEventListener('message', event => void fromHost(event.data as HostMessage));
    host.postMessage({ type: 'ready' });
  }

  (window as unknown as { incept: unknown }).incept = {
    expandAll: () => setExpanded(state.tree.all.filter(foldable).map(n => n.id)),
    collapseAll: () => setExpanded([]),
    setDepth: (depth: number) => setDepth(depth),
    focus: (id: string) => focusNode(id, true),
    search: (query: string) => matches(query).map(n => n.id),
    exportSvg: () => exportSvg(),
    exportPng: () => exportPng(),
    setMetric: (metric: Metric) => { state.metric = metric; return render(false); },
    setChangesOnly: (on: boolean) => { state.changesOnly = on; return render(false); },
  };
}

/**
 * What the editor sends: a new model after each analysis (the picture keeps its folding and selection), the
 * error count while the file has errors (the last picture stays, marked stale), and the cursor's position (the
 * node written there is selected, its containers unfolded).
 */
type HostMessage =
  | { type: 'model'; model: Model }
  | { type: 'stale'; errors: number }
  | { type: 'cursor'; line: number; column: number };

async function fromHost(message: HostMessage): Promise<void> {
  if (message.type === 'model') {
    state.tree = index(message.model);
    setStale(0);
    if (state.selected !== null && !state.tree.byId.has(state.selected)) {
      state.selected = null;
    }

    await render(false);
    performance.mark('incept:live-update');
  } else if (message.type === 'stale') {
    setStale(message.errors);
  } else if (message.type === 'cursor') {
    const node = nodeAt(message.line, message.column);
    if (node && node.id !== state.selected) {
      await focusNode(node.id, false);
      keepVisible(node.id);
    }
  }
}

function setStale(errors: number): void {
  document.body.dataset.stale = errors > 0 ? 'true' : 'false';
  const banner = document.getElementById('stale')!;
  banner.hidden = errors === 0;
  banner.textContent = `${errors} error${errors === 1 ? '' : 's'} in the file: this is the last picture without errors.`;
}

/**
 * The node the cursor is on, in the network's own file: the innermost one whose text holds the cursor (the layer
 * rather than its branch, the branch rather than its block call); before the first node of its line (on the
 * `name = ` of a statement), that node; between statements, the last one starting before it. Where several instances share a text (a block's body), the first instance wins.
 */
function nodeAt(line: number, column: number): Node | undefined {
  const file = state.tree.root.source.file;
  const mine = state.tree.all.filter(node => node.source.file === file && node !== state.tree.root);
  const at = (l: number, c: number) => l * 1_000_000 + c;
  const cursor = at(line, column);
  const holding = mine.filter(node => at(node.source.line, node.source.column) <= cursor && cursor <= at(node.source.end_line, node.source.end_column));
  if (holding.length > 0) {
    const length = (node: Node) => at(node.source.end_line, node.source.end_column) - at(node.source.line, node.source.column);
    return holding.reduce((best, node) => (length(node) < length(best) ? node : best));
  }

  // Before a statement's op on its own line (on `name = `): the first node written on that line.
  const later = mine.filter(node => node.source.line === line && node.source.column > column);
  if (later.length > 0) {
    return later.reduce((best, node) => (node.source.column < best.source.column ? node : best));
  }

  const earlier = mine.filter(node => at(node.source.line, node.source.column) <= cursor);
  return earlier.length === 0
    ? undefined
    : earlier.reduce((best, node) => (at(node.source.line, node.source.column) > at(best.source.line, best.source.column) ? node : best));
}

/**
 * Layout in a Web Worker made from this very script (a Blob URL: no request), so a large unfold never blocks the
 * page; in the page itself where workers are refused, or when the worker fails.
 */
function layoutService(): (root: LayoutItem) => Promise<LayoutResult> {
  let worker: Worker | null = null;
  try {
    const source = document.getElementById('incept-viewer-js')!.textContent!;
    worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
  } catch {
    worker = null;
  }

  const pending = new Map<number, { resolve: (result: LayoutResult) => void; reject: (error: Error) => void }>();
  let next = 0;
  if (worker) {
    worker.onmessage = (event: MessageEvent<{ id: number; result?: LayoutResult; error?: string }>) => {
      const waiting = pending.get(event.data.id);
      pending.delete(event.data.id);
      if (event.data.error !== undefined) {
        waiting?.reject(new Error(event.data.error));
      } else {
        waiting?.resolve(event.data.result!);
      }
    };
    worker.onerror = () => {
      // The worker could not start: lay out here from now on, and answer what was asked of it.
      worker = null;
      for (const waiting of pending.values()) {
        waiting.reject(new Error('the layout worker failed'));
      }

      pending.clear();
    };
  }

  const here = (root: LayoutItem) => Promise.resolve().then(() => layoutTree(root));
  return root => worker
    ? new Promise<LayoutResult>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      worker!.postMessage({ id, root });
    }).catch(() => here(root))
    : here(root);
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const result = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    result.setAttribute(name, value);
  }

  if (text !== undefined) {
    result.textContent = text;
  }

  return result;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const result = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) {
    result.setAttribute(name, String(value));
  }

  if (text !== undefined) {
    result.textContent = text;
  }

  return result;
}

function totalsText(totals: Totals): string {
  return `input ${totals.input} \u00b7 ${totals.classes} classes \u00b7 ${exact(totals.parameters)} parameters (${exact(totals.parameters_without_aux)} without aux heads) \u00b7 ${exact(totals.macs)} MACs (inference path, aux heads excluded)`;
}

function buildPage(model: Model): void {
  document.title = model.kind === 'diff' ? `${model.left.network} \u2192 ${model.right.network} \u2014 incept diff` : `${model.totals.network} \u2014 incept view`;
  const header = element('header', { id: 'bar' });
  const title = element('div', { id: 'title' });
  if (model.kind === 'diff') {
    const layers = state.tree.all.filter(n => n.kind === 'layer');
    const count = (status: string) => layers.filter(n => n.change?.status === status).length;
    title.append(
      element('h1', {}, `${model.left.network} \u2192 ${model.right.network}`),
      element('div', { class: 'totals' }, `left: ${model.left.source} \u00b7 ${totalsText(model.left)}`),
      element('div', { class: 'totals' }, `right: ${model.right.source} \u00b7 ${totalsText(model.right)}`),
      element('div', { class: 'totals', id: 'delta' }, `\u0394 parameters ${signed(model.right.parameters - model.left.parameters)} \u00b7 \u0394 MACs ${signed(model.right.macs - model.left.macs)} \u00b7 layers: ${count('changed')} changed, ${count('added')} added, ${count('removed')} removed, ${count('same')} the same`),
    );
  } else {
    title.append(element('h1', {}, model.totals.network), element('div', { class: 'totals' }, `${model.totals.source} \u00b7 ${totalsText(model.totals)}`));
  }

  const controls = element('div', { id: 'controls' });
  const search = element('input', { id: 'search', type: 'search', placeholder: 'Search name, op or block', 'aria-label': 'Search', autocomplete: 'off' });
  const results = element('ul', { id: 'results', role: 'listbox', hidden: '' });
  const searchBox = element('div', { id: 'search-box' });
  searchBox.append(search, results);
  const depth = element('select', { id: 'depth', 'aria-label': 'Unfold to depth' });
  for (const [value, label] of [['', 'depth\u2026'], ['1', 'depth 1'], ['2', 'depth 2'], ['3', 'depth 3'], ['4', 'depth 4'], ['99', 'all']]) {
    depth.append(element('option', { value }, label));
  }

  const metric = element('select', { id: 'metric', 'aria-label': 'Colour by' });
  for (const [value, label] of [['none', 'no colour'], ['macs', 'colour by MACs'], ['parameters', 'colour by parameters'], ['activations', 'colour by activation size']]) {
    metric.append(element('option', { value }, label));
  }

  const button = (id: string, label: string, action: () => void, title?: string) => {
    const result = element('button', { id, type: 'button', title: title ?? label }, label);
    result.addEventListener('click', action);
    return result;
  };
  controls.append(
    searchBox,
    button('unfold-all', 'Unfold all', () => void setExpanded(state.tree.all.filter(foldable).map(n => n.id))),
    button('fold-all', 'Fold all', () => void setExpanded([])),
    depth,
    metric,
  );
  if (state.diff) {
    const label = element('label', { id: 'changes-only-label' });
    const box = element('input', { id: 'changes-only', type: 'checkbox' });
    box.addEventListener('change', () => { state.changesOnly = box.checked; void render(false); });
    label.append(box, document.createTextNode(' changes only'));
    controls.append(label);
  }

  controls.append(
    button('zoom-out', '\u2212', () => zoomBy(1 / 1.25), 'Zoom out'),
    button('fit', 'Fit', () => fit(), 'Fit the picture to the window'),
    button('zoom-in', '+', () => zoomBy(1.25), 'Zoom in'),
    button('export-svg', 'SVG', () => download(`${fileStem()}.svg`, new Blob([exportSvg()], { type: 'image/svg+xml' })), 'Export the picture as SVG'),
    button('export-png', 'PNG', () => void exportPng().then(url => download(`${fileStem()}.png`, url)), 'Export the picture as PNG'),
  );
  header.append(title, controls);

  const main = element('main');
  const canvas = element('div', { id: 'canvas' });
  const picture = svg('svg', { id: 'picture', role: 'tree', 'aria-label': 'Architecture' });
  const defs = svg('defs');
  const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' }));
  defs.append(marker);
  picture.append(defs, svg('g', { id: 'viewport' }));
  canvas.append(picture, element('div', { id: 'legend', hidden: '' }), element('div', { id: 'stale', hidden: '', role: 'status' }));
  const side = element('aside', { id: 'side' });
  side.append(element('section', { id: 'details' }, 'Select a node to see its details.'));
  if (state.diff) {
    side.append(changeList());
  }

  main.append(canvas, side);
  document.body.append(header, main);

  search.addEventListener('input', () => showResults(search.value));
  search.addEventListener('keydown', event => searchKeys(event, search));
  depth.addEventListener('change', () => { if (depth.value) { void setDepth(Number(depth.value)); } });
  metric.addEventListener('change', () => { state.metric = metric.value as Metric; void render(false); });
  panAndZoom(picture);
  document.addEventListener('keydown', event => {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) {
      return;
    }

    if (event.key === '/') {
      event.preventDefault();
      search.focus();
    }
  });
}

function fileStem(): string {
  const model = state.tree.model;
  return model.kind === 'diff' ? `${model.left.network}-vs-${model.right.network}` : model.totals.network;
}

function changeList(): HTMLElement {
  const section = element('section', { id: 'changes' });
  section.append(element('h2', {}, 'Changes'));
  const list = element('ol', {});
  for (const node of state.tree.all.filter(n => n.change && n.change.status !== 'same')) {
    const item = element('li', { 'data-change': node.id, class: `status-${node.change!.status}`, tabindex: '0' });
    const delta = node.change!.parameters_delta !== 0 ? ` ${signed(node.change!.parameters_delta)} params` : '';
    const glyph = { changed: '~', added: '+', removed: '\u2212', same: ' ' }[node.change!.status];
    item.append(element('span', { class: 'glyph' }, glyph), element('span', { class: 'path' }, node.id), element('span', { class: 'delta' }, delta));
    item.style.paddingLeft = `${4 + 10 * (depthOf(state.tree, node.id) - 1)}px`;
    const go = () => void focusNode(node.id, true);
    item.addEventListener('click', go);
    item.addEventListener('keydown', event => { if (event.key === 'Enter') { go(); } });
    list.append(item);
  }

  section.append(list);
  return section;
}

function matches(query: string): Node[] {
  const needle = query.trim().toLowerCase();
  if (!needle) {
    return [];
  }

  return state.tree.all.filter(n => [n.name, n.id, n.op, n.call ?? ''].some(text => text.toLowerCase().includes(needle)));
}

function showResults(query: string): void {
  const results = document.getElementById('results')!;
  results.replaceChildren();
  const found = matches(query).slice(0, 50);
  results.hidden = found.length === 0;
  found.forEach((node, i) => {
    const item = element('li', { role: 'option', 'data-result': node.id, 'aria-selected': i === 0 ? 'true' : 'false' });
    item.append(element('span', { class: 'path' }, node.id), element('span', { class: 'op' }, node.call ?? node.op), element('span', { class: 'shape' }, node.output));
    item.addEventListener('mousedown', event => { event.preventDefault(); choose(node.id); });
    results.append(item);
  });
}

function searchKeys(event: KeyboardEvent, input: HTMLInputElement): void {
  const results = document.getElementById('results')!;
  const items = [...results.querySelectorAll<HTMLElement>('li')];
  const current = items.findIndex(item => item.getAttribute('aria-selected') === 'true');
  const move = (to: number) => {
    items.forEach((item, i) => item.setAttribute('aria-selected', i === to ? 'true' : 'false'));
    items[to]?.scrollIntoView({ block: 'nearest' });
  };
  if (event.key === 'ArrowDown' && items.length > 0) {
    event.preventDefault();
    move(Math.min(items.length - 1, current + 1));
  } else if (event.key === 'ArrowUp' && items.length > 0) {
    event.preventDefault();
    move(Math.max(0, current - 1));
  } else if (event.key === 'Enter' && current >= 0) {
    event.preventDefault();
    choose(items[current].dataset.result!);
  } else if (event.key === 'Escape') {
    input.value = '';
    results.hidden = true;
  }
}

function choose(id: string): void {
  document.getElementById('results')!.hidden = true;
  void focusNode(id, true);
}

/**
 * Block calls, named sequences and auxiliary heads open on demand; the structure inside them (a concat and its
 * branches, a residual, an unnamed run) is open unless folded, so unfolding a block shows its layers as the
 * papers draw a module.
 */
const structural = new Set(['concat', 'reduce_grid', 'branch', 'sequence', 'residual']);

function isOpen(node: Node): boolean {
  if (!foldable(node)) {
    return false;
  }

  return structural.has(node.kind) ? !state.collapsed.has(node.id) : state.expanded.has(node.id);
}

function setOpen(node: Node, open: boolean): void {
  const set = structural.has(node.kind) ? state.collapsed : state.expanded;
  if (open === structural.has(node.kind)) {
    set.delete(node.id);
  } else {
    set.add(node.id);
  }
}

/** How many modules (block calls, named sequences, heads) a node sits in: what "depth" means in stats. */
function moduleDepth(id: string): number {
  return ancestors(state.tree, id).filter(a => a.id !== '' && !structural.has(a.kind)).length + 1;
}

function setExpanded(ids: string[]): Promise<void> {
  state.expanded = new Set(ids);
  state.collapsed = new Set();
  return render(false);
}

function setDepth(depth: number): Promise<void> {
  return setExpanded(state.tree.all.filter(n => foldable(n) && !structural.has(n.kind) && moduleDepth(n.id) < depth).map(n => n.id));
}

async function focusNode(id: string, center: boolean): Promise<void> {
  for (const ancestor of ancestors(state.tree, id)) {
    setOpen(ancestor, true);
  }

  for (const [placeholderId, run] of state.runs) {
    if (run.some(n => n.id === id || ancestors(state.tree, id).some(a => a.id === n.id))) {
      state.revealed.add(placeholderId);
    }
  }

  select(id);
  await render(false);
  if (center) {
    centerOn(id);
  }
}

function select(id: string | null): void {
  state.selected = id;
  if (id && decodeURIComponent(location.hash.slice(1)) !== id) {
    history.replaceState(null, '', '#' + encodeURIComponent(id).replace(/%2F/g, '/'));
  }

  for (const drawn of document.querySelectorAll('.node.selected')) {
    drawn.classList.remove('selected');
  }

  if (id) {
    document.querySelector(`.node[data-node="${CSS.escape(id)}"]`)?.classList.add('selected');
  }

  showDetails(id ? state.tree.byId.get(id) ?? state.drawn.get(id) ?? null : null);
}

function row(table: HTMLElement, label: string, value: string | Node): void {
  const tr = element('tr');
  const cell = element('td');
  if (typeof value === 'string') {
    cell.textContent = value;
  }

  tr.append(element('th', {}, label), cell);
  table.append(tr);
}

function showDetails(node: Node | null): void {
  const details = document.getElementById('details')!;
  details.replaceChildren();
  if (!node) {
    details.textContent = 'Select a node to see its details.';
    return;
  }

  details.append(element('h2', {}, node.name), element('div', { class: 'path' }, node.id));
  const table = element('table');
  row(table, 'kind', node.kind + (node.auxiliary ? ' (training only)' : ''));
  row(table, 'op', node.call ?? node.op);
  if (node.options) {
    row(table, 'options', node.options);
  }

  row(table, 'input', node.input);
  row(table, 'output', node.output);
  row(table, 'parameters', exact(node.parameters));
  row(table, 'MACs', `${exact(node.macs)}${node.auxiliary ? '' : ` (${percent(node.share)} of the network)`}`);
  row(table, 'activations', `${exact(node.activations)} values per image`);
  row(table, 'source', `${node.source.file}:${node.source.line}:${node.source.column}\u2013${node.source.end_line}:${node.source.end_column}`);
  if (node.change) {
    row(table, 'status', node.change.status + (node.change.changes.length ? ` (${node.change.changes.join(', ')})` : ''));
    row(table, '\u0394 parameters', signed(node.change.parameters_delta));
    row(table, '\u0394 MACs', signed(node.change.macs_delta));
    if (node.change.previous_output) {
      row(table, 'shape', `${node.change.previous_output} \u2192 ${node.output}`);
    }

    if (node.change.previous_name) {
      row(table, 'renamed from', node.change.previous_name);
    }
  }

  details.append(table);
  if (node.kind === 'block' || (node.kind === 'aux' && node.call)) {
    const others = state.tree.all.filter(n => n !== node && n.call !== undefined && n.call.split('(')[0] === node.call!.split('(')[0]);
    if (others.length > 0) {
      details.append(element('h3', {}, `Other instances of ${node.call!.split('(')[0]}`));
      const list = element('ul', { class: 'instances' });
      for (const other of others) {
        const item = element('li', { tabindex: '0' }, `${other.id}: ${other.call} ${other.input} \u2192 ${other.output}`);
        item.addEventListener('click', () => void focusNode(other.id, true));
        list.append(item);
      }

      details.append(list);
    }
  }
}

// ---- Layout and drawing ----

const leafHeight = 66;

function lines(node: Node): string[] {
  const result = [node.name, clip(node.call ?? (node.options ? `${node.op} ${node.options}` : node.op), 44), `\u2192 ${node.output}`, `${short(node.parameters)} params \u00b7 ${short(node.macs)} MACs`];
  if (node.change && node.change.status !== 'same' && node.kind !== 'fold') {
    result.push(badge(node));
  }

  return result;
}

function badge(node: Node): string {
  const change = node.change!;
  const parts = [`\u0394p ${signed(change.parameters_delta)}`, `\u0394MACs ${signed(change.macs_delta)}`];
  if (change.previous_output) {
    parts.push(`${change.previous_output} \u2192 ${node.output}`);
  }

  return parts.join(' \u00b7 ');
}

function clip(text: string, length: number): string {
  return text.length > length ? text.slice(0, length - 1) + '\u2026' : text;
}

function textWidth(text: string, size: number): number {
  return text.length * size * 0.6;
}

function headerText(node: Node): string {
  return `${node.name} \u00b7 ${node.call ?? node.op} \u2192 ${node.output} \u00b7 ${short(node.parameters)} params \u00b7 ${short(node.macs)} MACs`;
}

function toLayout(node: Node, isRoot: boolean): LayoutItem {
  state.drawn.set(node.id, node);
  const open = isRoot || isOpen(node);
  if (!open) {
    const text = lines(node);
    return { id: node.id, width: Math.min(340, Math.max(120, ...text.map((t, i) => textWidth(t, i === 0 ? 12.5 : 11) + 22))), height: leafHeight + (text.length - 4) * 15 };
  }

  const { items, edges, runs } = visibleChildren(node, state.changesOnly, state.revealed);
  for (const [id, run] of runs) {
    state.runs.set(id, run);
  }

  return {
    id: node.id,
    width: isRoot ? 0 : textWidth(headerText(node), 11.5) + 30,
    height: 0,
    inner: {
      chain: node.layout !== 'parallel',
      header: isRoot ? 0 : 24,
      port: isRoot ? { width: 170, height: 26 } : { width: 10, height: 10 },
      items: items.map(child => ({ ...toLayout(child, false), side: child.kind === 'aux' && !node.auxiliary })),
      edges: edges.map(edge => ({ from: edge.from, to: edge.to })),
    },
  };
}

async function render(initial: boolean): Promise<void> {
  document.body.dataset.ready = 'false';
  state.drawn = new Map();
  state.runs = new Map();
  const root = toLayout(state.tree.root, true);
  let layout: LayoutResult;
  try {
    layout = await requestLayout(root);
  } catch (error) {
    console.error(`incept view: the layout failed: ${(error as Error).message}`);
    document.getElementById('viewport')!.replaceChildren(svg('text', { x: 20, y: 40, class: 'failure' }, `The layout failed: ${(error as Error).message}`));
    return;
  }

  state.layout = layout;
  draw(layout);
  if (initial) {
    fit(0.6);
  }

  select(state.selected);
  document.body.dataset.ready = 'true';
  if (firstPicture) {
    firstPicture = false;
    performance.mark('incept:first-picture');
    performance.measure('incept:load-to-first-picture', { start: 0, end: 'incept:first-picture' });
  }
}

function metricOf(node: Node): number {
  return state.metric === 'macs' ? node.macs : state.metric === 'parameters' ? node.parameters : node.activations;
}

function colourScale(): ((node: Node) => string) | null {
  const legend = document.getElementById('legend')!;
  if (state.metric === 'none') {
    legend.hidden = true;
    return null;
  }

  const values = [...state.drawn.values()].filter(n => n.id !== '').map(metricOf).filter(v => v > 0);
  const low = Math.log10(Math.min(...values, 1));
  const high = Math.log10(Math.max(...values, 1));
  const span = Math.max(high - low, 1e-9);
  const colour = (value: number) => {
    const t = value > 0 ? (Math.log10(value) - low) / span : 0;
    return `hsl(${Math.round(210 - 200 * t)}, 80%, ${Math.round(88 - 40 * t)}%)`;
  };
  legend.hidden = false;
  const name = { macs: 'MACs', parameters: 'parameters', activations: 'activation values per image', none: '' }[state.metric];
  const ramp = element('span', { class: 'ramp' });
  ramp.style.background = `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map(t => colour(Math.pow(10, low + t * span))).join(', ')})`;
  legend.replaceChildren(element('span', {}, `${short(Math.pow(10, low))}`), ramp, element('span', {}, `${short(Math.pow(10, high))} ${name} (log scale)`));
  return node => (metricOf(node) > 0 ? colour(metricOf(node)) : '');
}

function draw(layout: LayoutResult): void {
  const viewport = document.getElementById('viewport')!;
  viewport.replaceChildren();
  const containers = svg('g', { class: 'containers' });
  const edges = svg('g', { class: 'edges' });
  const nodes = svg('g', { class: 'nodes' });
  viewport.append(containers, edges, nodes);
  const colour = colourScale();
  const root = state.tree.root;

  const drawNode = (node: Node) => {
    const box = layout.boxes[node.id];
    const open = isOpen(node);
    const group = svg('g', {
      class: `node kind-${node.kind}${open ? ' open' : ''}${node.auxiliary ? ' auxiliary' : ''}${node.change ? ` status-${node.change.status}` : ''}`,
      'data-node': node.id,
      'data-kind': node.kind,
      'data-shape': node.output,
      'data-params': node.parameters,
      'data-macs': node.macs,
      tabindex: 0,
      role: 'treeitem',
      'aria-label': `${node.name}, ${node.call ?? node.op}, output ${node.output}`,
    });
    if (node.change) {
      group.setAttribute('data-status', node.change.status);
    }

    if (foldable(node) || node.kind === 'fold') {
      group.setAttribute('aria-expanded', String(open));
    }

    const fill = colour && node.kind !== 'fold' ? colour(node) : '';
    const rect = svg('rect', { x: box.x, y: box.y, width: box.width, height: box.height, rx: open ? 8 : 5 });
    if (fill && !open) {
      rect.style.fill = fill;
    }

    group.append(rect);
    if (open) {
      group.append(svg('text', { x: box.x + 10, y: box.y + 16, class: 'header' }, `${foldable(node) ? '\u25be ' : ''}${headerText(node)}`));
      containers.append(group);
      drawContents(node);
    } else {
      lines(node).forEach((text, i) => {
        group.append(svg('text', { x: box.x + 10, y: box.y + 17 + 15 * i, class: ['name', 'op', 'shape', 'counts', 'badge'][i] ?? 'badge' }, (i === 0 && foldable(node) ? '\u25b8 ' : '') + text));
      });
      nodes.append(group);
    }

    group.addEventListener('click', event => {
      event.stopPropagation();
      activate(node, open, event.target instanceof SVGTextElement && (event.target as SVGTextElement).classList.contains('header'));
    });
    group.addEventListener('keydown', event => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        activate(node, open, true);
      }
    });
  };

  const drawContents = (container: Node) => {
    const { items, edges: links } = visibleChildren(container, state.changesOnly, state.revealed);
    for (const port of ['#in', '#out']) {
      const box = layout.boxes[container.id + port];
      if (!box) {
        continue;
      }

      if (container === root) {
        const io = svg('g', { class: 'io' });
        io.append(svg('rect', { x: box.x, y: box.y, width: box.width, height: box.height, rx: 13 }));
        io.append(svg('text', { x: box.x + box.width / 2, y: box.y + 17, 'text-anchor': 'middle' }, port === '#in' ? `input ${container.input}` : `output ${container.output}`));
        nodes.append(io);
      } else {
        nodes.append(svg('circle', { cx: box.x + box.width / 2, cy: box.y + box.height / 2, r: 4, class: 'port' }));
      }
    }

    for (const link of links) {
      drawEdge(container, link);
    }

    for (const item of items) {
      drawNode(item);
    }
  };

  const drawEdge = (container: Node, link: Edge) => {
    const points = layout.edges[`${container.id}::${link.from}->${link.to}`];
    if (!points || points.length < 2) {
      return;
    }

    const path = svg('path', { d: 'M ' + points.map(p => `${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' L '), class: `edge${link.auxiliary ? ' auxiliary' : ''}`, 'marker-end': 'url(#arrow)', 'data-edge': `${link.from}->${link.to}` });
    const middle = points[Math.floor(points.length / 2)];
    edges.append(path, svg('text', { x: middle.x + 5, y: middle.y - 3, class: 'edge-label' }, link.shape));
  };

  drawContents(root);
  const picture = document.getElementById('picture')!;
  picture.setAttribute('data-width', String(Math.round(layout.width)));
  picture.setAttribute('data-height', String(Math.round(layout.height)));
  applyView();
}

function activate(node: Node, open: boolean, toggle: boolean): void {
  if (node.kind === 'fold') {
    state.revealed.add(node.id);
    void render(false);
    return;
  }

  host?.postMessage({ type: 'reveal', id: node.id, source: node.source });
  if (foldable(node) && (!open || toggle)) {
    setOpen(node, !open);

    state.selected = node.id;
    void render(false).then(() => keepVisible(node.id));
    return;
  }

  select(node.id);
}

// ---- Zoom, pan, export ----

function applyView(): void {
  const { x, y, k } = state.view;
  document.getElementById('viewport')!.setAttribute('transform', `translate(${x.toFixed(1)} ${y.toFixed(1)}) scale(${k.toFixed(4)})`);
}

function canvasSize(): { width: number; height: number } {
  const canvas = document.getElementById('canvas')!;
  return { width: canvas.clientWidth || 800, height: canvas.clientHeight || 600 };
}

/**
 * Fits the picture to the window; with <paramref name="readable"/>, never below that scale (a tall network then
 * opens at its top, readable, instead of as a thin strip).
 */
function fit(readable = 0): void {
  if (!state.layout) {
    return;
  }

  const { width, height } = canvasSize();
  const k = Math.min(1, (width - 40) / Math.max(state.layout.width, 1), Math.max(readable, (height - 40) / Math.max(state.layout.height, 1)));
  state.view = { k, x: (width - state.layout.width * k) / 2, y: 20 };
  applyView();
}

function zoomBy(factor: number, at?: { x: number; y: number }): void {
  const { width, height } = canvasSize();
  const point = at ?? { x: width / 2, y: height / 2 };
  const k = Math.min(4, Math.max(0.05, state.view.k * factor));
  state.view = { k, x: point.x - ((point.x - state.view.x) * k) / state.view.k, y: point.y - ((point.y - state.view.y) * k) / state.view.k };
  applyView();
}

function centerOn(id: string): void {
  const box = state.layout?.boxes[id];
  if (!box) {
    return;
  }

  const { width, height } = canvasSize();
  const k = Math.max(state.view.k, 0.6);
  state.view = { k, x: width / 2 - (box.x + box.width / 2) * k, y: height / 2 - (box.y + box.height / 2) * k };
  applyView();
}

function keepVisible(id: string): void {
  const box = state.layout?.boxes[id];
  if (!box) {
    return;
  }

  const { width, height } = canvasSize();
  const { x, y, k } = state.view;
  const left = x + box.x * k;
  const top = y + box.y * k;
  if (left < 0 || top < 0 || left > width - 40 || top > height - 40) {
    centerOn(id);
  }
}

function panAndZoom(picture: SVGSVGElement): void {
  picture.addEventListener('wheel', event => {
    event.preventDefault();
    const bounds = picture.getBoundingClientRect();
    zoomBy(Math.exp(-event.deltaY * 0.0015), { x: event.clientX - bounds.left, y: event.clientY - bounds.top });
  }, { passive: false });
  let drag: { x: number; y: number; startX: number; startY: number } | null = null;
  picture.addEventListener('pointerdown', event => {
    if ((event.target as Element).closest('.node')) {
      return;
    }

    drag = { x: state.view.x, y: state.view.y, startX: event.clientX, startY: event.clientY };
    picture.setPointerCapture(event.pointerId);
  });
  picture.addEventListener('pointermove', event => {
    if (drag) {
      state.view = { ...state.view, x: drag.x + event.clientX - drag.startX, y: drag.y + event.clientY - drag.startY };
      applyView();
    }
  });
  picture.addEventListener('pointerup', () => { drag = null; });
}

/** The whole picture (not just the window) as a standalone SVG, with the page's resolved colours inlined. */
function exportSvg(): string {
  const layout = state.layout!;
  const source = document.getElementById('picture')!;
  const copy = source.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', svgNs);
  copy.setAttribute('viewBox', `-10 -10 ${Math.ceil(layout.width) + 20} ${Math.ceil(layout.height) + 20}`);
  copy.setAttribute('width', String(Math.ceil(layout.width) + 20));
  copy.setAttribute('height', String(Math.ceil(layout.height) + 20));
  copy.querySelector('#viewport')!.removeAttribute('transform');
  const style = getComputedStyle(document.body);
  const variable = (name: string) => style.getPropertyValue(name).trim();
  const css = `svg { background: ${variable('--background')}; font-family: ${variable('--font')}; }
    rect { fill: ${variable('--node')}; stroke: ${variable('--border')}; }
    .open > rect { fill: ${variable('--container')}; }
    text { fill: ${variable('--text')}; font-size: 11px; } .name, .header { font-weight: 600; font-size: 12px; }
    .edge { fill: none; stroke: ${variable('--edge')}; } .edge.auxiliary, .auxiliary > rect { stroke-dasharray: 5 3; }
    .edge-label { fill: ${variable('--muted')}; font-size: 10px; } .arrowhead { fill: ${variable('--edge')}; }
    .status-added > rect { fill: ${variable('--added')}; } .status-removed > rect { fill: ${variable('--removed')}; }
    .status-changed > rect { fill: ${variable('--changed')}; } .open.status-changed > rect { fill: none; stroke: ${variable('--changed-border')}; stroke-width: 2; }
    .port { fill: ${variable('--edge')}; } .io rect { fill: ${variable('--container')}; }`;
  const styleElement = document.createElementNS(svgNs, 'style');
  styleElement.textContent = css;
  copy.insertBefore(styleElement, copy.firstChild);
  return new XMLSerializer().serializeToString(copy);
}

function exportPng(): Promise<string> {
  const text = exportSvg();
  const layout = state.layout!;
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => {
      const scale = 2;
      const canvas = document.createElement('canvas');
      canvas.width = (Math.ceil(layout.width) + 20) * scale;
      canvas.height = (Math.ceil(layout.height) + 20) * scale;
      const context = canvas.getContext('2d')!;
      context.scale(scale, scale);
      context.drawImage(image, 0, 0);
      resolve(canvas.toDataURL('image/png'));
    };
    image.onerror = () => reject(new Error('the picture could not be rendered as PNG'));
    image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
  });
}

function download(name: string, content: Blob | string): void {
  const link = element('a', { download: name });
  link.href = typeof content === 'string' ? content : URL.createObjectURL(content);
  document.body.append(link);
  link.click();
  link.remove();
}

