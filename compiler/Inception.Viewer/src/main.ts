// One script for the page and for its layout worker: in a worker there is no document, and the script
// answers layout requests; on the page it starts the viewer, and makes its worker from its own text.
import { layoutTree } from './layout';
import { start } from './app';
import type { LayoutItem } from './model';

declare const self: DedicatedWorkerGlobalScope;

if (typeof document === 'undefined') {
  self.onmessage = (event: MessageEvent<{ id: number; root: LayoutItem }>) => {
    try {
      self.postMessage({ id: event.data.id, result: layoutTree(event.data.root) });
    } catch (error) {
      self.postMessage({ id: event.data.id, error: String((error as Error)?.stack ?? error) });
    }
  };
} else {
  start();
}
