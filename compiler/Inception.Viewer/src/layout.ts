// Lays out the visible tree one unfolded container at a time, innermost first, so a container's size is known
// before its parent is laid out (as TensorBoard and Model Explorer do; dagre's compound mode is far slower):
// a chain is stacked (with its auxiliary heads beside it), branches side by side go through dagre. Runs in a Web
// Worker; a container whose contents did not change is not laid out again.
import * as dagre from '@dagrejs/dagre';
import type { Box, LayoutInner, LayoutItem, LayoutResult } from './model';

const padding = 14;

interface Placed { width: number; height: number; boxes: Record<string, Box>; edges: Record<string, { x: number; y: number }[]> }

const cache = new Map<string, Placed>();

export function layoutTree(root: LayoutItem): LayoutResult {
  const boxes: Record<string, Box> = {};
  const edges: Record<string, { x: number; y: number }[]> = {};
  const size = measure(root);
  place(root, 0, 0, boxes, edges);
  return { boxes, edges, width: size.width, height: size.height };
}

/** The item's size, laying out its contents first where it is unfolded. */
function measure(item: LayoutItem): { width: number; height: number } {
  if (!item.inner) {
    return { width: item.width, height: item.height };
  }

  const placed = arrange(item.id, item.inner);
  item.width = Math.max(item.width, placed.width + 2 * padding);
  item.height = placed.height + item.inner.header + 2 * padding;
  return { width: item.width, height: item.height };
}

function arrange(id: string, inner: LayoutInner): Placed {
  for (const child of inner.items) {
    measure(child);
  }

  const key = id + '|' + JSON.stringify(inner.items.map(signature)) + '|' + JSON.stringify(inner.edges);
  const known = cache.get(key);
  if (known) {
    return known;
  }

  if (inner.chain) {
    const stacked = stack(id, inner);
    cache.set(key, stacked);
    return stacked;
  }

  const graph = new dagre.graphlib.Graph({ multigraph: false });
  graph.setGraph({ rankdir: 'TB', nodesep: 22, ranksep: 34, edgesep: 12, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  graph.setNode(id + '#in', { width: inner.port.width, height: inner.port.height });
  graph.setNode(id + '#out', { width: inner.port.width, height: inner.port.height });
  // dagre's first ordering visits nodes in reverse insertion order: insert them last to first, so branches stand
  // left to right in the file's order, as the papers draw them.
  for (const child of [...inner.items].reverse()) {
    graph.setNode(child.id, { width: child.width, height: child.height });
  }

  for (const edge of [...inner.edges].reverse()) {
    if (graph.hasNode(edge.from) && graph.hasNode(edge.to)) {
      graph.setEdge(edge.from, edge.to, { minlen: 1 });
    }
  }

  dagre.layout(graph);
  const boxes: Record<string, Box> = {};
  for (const name of graph.nodes()) {
    const node = graph.node(name) as { x: number; y: number; width: number; height: number };
    boxes[name] = { x: node.x - node.width / 2, y: node.y - node.height / 2, width: node.width, height: node.height };
  }

  const edges: Record<string, { x: number; y: number }[]> = {};
  for (const edge of graph.edges()) {
    edges[edge.v + '->' + edge.w] = (graph.edge(edge) as { points: { x: number; y: number }[] }).points;
  }

  const label = graph.graph() as { width?: number; height?: number };
  const placed = { width: label.width ?? 0, height: label.height ?? 0, boxes, edges };
  cache.set(key, placed);
  return placed;
}

const gap = 34;
const sideGap = 48;

/**
 * A chain needs no graph layout: its items stand one below the other, centred, between the container's ports;
 * an auxiliary head stands to the right, level with the item after the point it taps. Linear in the items (dagre's
 * recursion overflows a worker's stack on a chain of a thousand layers).
 */
function stack(id: string, inner: LayoutInner): Placed {
  const main = inner.items.filter(item => !item.side);
  const column = Math.max(inner.port.width, ...main.map(item => item.width));
  const boxes: Record<string, Box> = {};
  let y = 0;
  const put = (name: string, width: number, height: number) => {
    boxes[name] = { x: (column - width) / 2, y, width, height };
    y += height + gap;
  };
  put(id + '#in', inner.port.width, inner.port.height);
  let sideWidth = 0;
  let pendingSides: LayoutItem[] = [];
  for (const item of inner.items) {
    if (item.side) {
      pendingSides.push(item);
      continue;
    }

    let sideY = y;
    for (const side of pendingSides) {
      boxes[side.id] = { x: column + sideGap, y: sideY, width: side.width, height: side.height };
      sideY += side.height + gap;
      sideWidth = Math.max(sideWidth, side.width);
    }

    pendingSides = [];
    put(item.id, item.width, item.height);
  }

  for (const side of pendingSides) {
    boxes[side.id] = { x: column + sideGap, y, width: side.width, height: side.height };
    sideWidth = Math.max(sideWidth, side.width);
  }

  put(id + '#out', inner.port.width, inner.port.height);
  const edges: Record<string, { x: number; y: number }[]> = {};
  for (const edge of inner.edges) {
    const from = boxes[edge.from];
    const to = boxes[edge.to];
    if (!from || !to) {
      continue;
    }

    const start = { x: from.x + from.width / 2, y: from.y + from.height };
    const end = { x: to.x + to.width / 2, y: to.y };
    edges[edge.from + '->' + edge.to] = start.x === end.x
      ? [start, end]
      : [start, { x: start.x, y: start.y + gap / 2 }, { x: end.x, y: start.y + gap / 2 }, end];
  }

  return { width: column + (sideWidth > 0 ? sideGap + sideWidth : 0), height: y - gap, boxes, edges };
}

function signature(item: LayoutItem): unknown {
  return [item.id, item.width, item.height, item.inner ? item.inner.items.map(signature) : null];
}

/** Writes absolute positions: the item at (x, y), its contents below its header. */
function place(item: LayoutItem, x: number, y: number, boxes: Record<string, Box>, edges: Record<string, { x: number; y: number }[]>): void {
  boxes[item.id] = { x, y, width: item.width, height: item.height };
  if (!item.inner) {
    return;
  }

  const placed = arrange(item.id, item.inner);
  const left = x + (item.width - placed.width) / 2;
  const top = y + item.inner.header + padding;
  const childrenById = new Map(item.inner.items.map(child => [child.id, child]));
  for (const [name, box] of Object.entries(placed.boxes)) {
    const child = childrenById.get(name);
    if (child) {
      place(child, left + box.x, top + box.y, boxes, edges);
    } else {
      boxes[name] = { x: left + box.x, y: top + box.y, width: box.width, height: box.height };
    }
  }

  for (const [name, points] of Object.entries(placed.edges)) {
    edges[item.id + '::' + name] = points.map(p => ({ x: left + p.x, y: top + p.y }));
  }
}
