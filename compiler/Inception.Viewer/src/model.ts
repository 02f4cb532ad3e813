// The JSON that `incept view` and `incept diff --format html` embed (schema in docs/viewer.md).

/** Where a node is written: its first character and just past its last (1-based; the end is exclusive). */
export interface Source { file: string; line: number; column: number; end_line: number; end_column: number }

export interface Edge { from: string; to: string; shape: string; auxiliary: boolean }

export interface Change {
  status: 'same' | 'changed' | 'added' | 'removed';
  changes: string[];
  parameters_delta: number;
  macs_delta: number;
  previous_output?: string;
  previous_name?: string;
}

export interface Node {
  id: string;
  name: string;
  kind: string;
  op: string;
  call?: string;
  options: string;
  input: string;
  output: string;
  parameters: number;
  macs: number;
  share: number;
  activations: number;
  auxiliary: boolean;
  source: Source;
  change?: Change;
  layout?: 'chain' | 'parallel';
  children?: Node[];
  edges?: Edge[];
}

export interface Totals {
  network: string;
  source: string;
  input: string;
  classes: number;
  parameters: number;
  parameters_without_aux: number;
  macs: number;
  aux_macs: number;
}

export interface ViewModel { schema: number; kind: 'view'; totals: Totals; root: Node }

export interface DiffModel { schema: number; kind: 'diff'; left: Totals; right: Totals; root: Node }

export type Model = ViewModel | DiffModel;

/** What the page lays out: a box, and for an unfolded container the boxes and edges inside it. */
export interface LayoutItem {
  id: string;
  width: number;
  height: number;
  /** An auxiliary head in a chain: drawn beside the chain, where it taps the tensor. */
  side?: boolean;
  inner?: LayoutInner;
}

export interface LayoutInner {
  /** Children one after another (stacked here, no graph layout needed) or side by side (dagre). */
  chain: boolean;
  header: number;
  port: { width: number; height: number };
  items: LayoutItem[];
  edges: { from: string; to: string }[];
}

export interface Box { x: number; y: number; width: number; height: number }

export interface LayoutResult {
  boxes: Record<string, Box>;
  edges: Record<string, { x: number; y: number }[]>;
  width: number;
  height: number;
}
