// The model's tree as the page needs it: nodes by id, parents, what is visible under the current folding.
import type { Edge, Model, Node } from './model';

export interface Tree {
  model: Model;
  root: Node;
  byId: Map<string, Node>;
  parent: Map<string, Node>;
  /** Every node but the root, in source order. */
  all: Node[];
}

export function index(model: Model): Tree {
  const byId = new Map<string, Node>();
  const parent = new Map<string, Node>();
  const all: Node[] = [];
  const walk = (node: Node) => {
    byId.set(node.id, node);
    for (const child of node.children ?? []) {
      parent.set(child.id, node);
      all.push(child);
      walk(child);
    }
  };
  walk(model.root);
  return { model, root: model.root, byId, parent, all };
}

export function foldable(node: Node): boolean {
  return (node.children?.length ?? 0) > 0;
}

export function ancestors(tree: Tree, id: string): Node[] {
  const result: Node[] = [];
  for (let node = tree.parent.get(id); node; node = tree.parent.get(node.id)) {
    result.push(node);
  }

  return result;
}

export function depthOf(tree: Tree, id: string): number {
  return ancestors(tree, id).length;
}

/** A run of unchanged siblings drawn as one box in "changes only" mode. */
export function placeholder(run: Node[]): Node {
  const first = run[0];
  const last = run[run.length - 1];
  return {
    id: first.id + '\u2026' + last.id,
    name: `${run.length} unchanged`,
    kind: 'fold',
    op: 'unchanged',
    options: run.map(n => n.name).join(', '),
    input: first.input,
    output: last.output,
    parameters: run.reduce((s, n) => s + n.parameters, 0),
    macs: run.reduce((s, n) => s + n.macs, 0),
    share: run.reduce((s, n) => s + n.share, 0),
    activations: last.activations,
    auxiliary: false,
    source: first.source,
    change: { status: 'same', changes: [], parameters_delta: 0, macs_delta: 0 },
  };
}

/**
 * The children a container shows and the edges between them. With <paramref name="changesOnly"/>, runs of two or
 * more unchanged chained siblings become one placeholder, unless revealed, and the chain's edges follow.
 */
export function visibleChildren(node: Node, changesOnly: boolean, revealed: Set<string>): { items: Node[]; edges: Edge[]; runs: Map<string, Node[]> } {
  const children = node.children ?? [];
  const runs = new Map<string, Node[]>();
  if (!changesOnly || node.layout === 'parallel') {
    return { items: children, edges: node.edges ?? [], runs };
  }

  const items: Node[] = [];
  let run: Node[] = [];
  const flush = () => {
    if (run.length >= 2) {
      const box = placeholder(run);
      if (!revealed.has(box.id)) {
        runs.set(box.id, run);
        items.push(box);
        run = [];
        return;
      }
    }

    items.push(...run);
    run = [];
  };
  for (const child of children) {
    if (child.change?.status === 'same' && !child.auxiliary) {
      run.push(child);
    } else {
      flush();
      items.push(child);
    }
  }

  flush();
  return { items, edges: chain(node, items), runs };
}

/** Edges of a chain: each main item feeds the next; an auxiliary head taps the tensor without passing it on. */
function chain(node: Node, items: Node[]): Edge[] {
  const edges: Edge[] = [];
  let previous = node.id + '#in';
  let shape = node.input;
  for (const item of items) {
    if (item.kind === 'aux' && !node.auxiliary) {
      edges.push({ from: previous, to: item.id, shape, auxiliary: true });
      continue;
    }

    edges.push({ from: previous, to: item.id, shape, auxiliary: item.auxiliary });
    previous = item.id;
    shape = item.output;
  }

  edges.push({ from: previous, to: node.id + '#out', shape: node.output, auxiliary: node.auxiliary });
  return edges;
}
