// Numbers as the CLI writes them: exact with separators in details, short (1.50 M, 5.71 G) on boxes.

export function exact(value: number): string {
  return value.toLocaleString('en-US');
}

export function short(value: number): string {
  const magnitude = Math.abs(value);
  const units: [number, string][] = [[1e9, 'G'], [1e6, 'M'], [1e3, 'K']];
  for (const [size, unit] of units) {
    if (magnitude >= size) {
      return (value / size).toFixed(magnitude >= 100 * size ? 0 : magnitude >= 10 * size ? 1 : 2) + ' ' + unit;
    }
  }

  return String(value);
}

export function signed(value: number): string {
  return (value > 0 ? '+' : value < 0 ? '\u2212' : '\u00b1') + short(Math.abs(value));
}

export function percent(share: number): string {
  return (100 * share).toFixed(share >= 0.1 ? 1 : 2) + ' %';
}
