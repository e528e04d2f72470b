/**
 * serial: how a play's hosts are cut into batches. An int, "N%", or a list
 * of those whose last value repeats; a percentage is of the play's hosts,
 * floored, at least 1; 0 or absent means one batch of every host.
 */
export type SerialValue = number | string;

export class SerialError extends Error {}

function batchSize(value: SerialValue, total: number): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) throw new SerialError(`serial must be a whole number or a percentage, got ${value}`);
    return value === 0 ? total : value;
  }
  const text = value.trim();
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
  if (percent) {
    const size = Math.floor((Number(percent[1]) / 100) * total);
    return Math.max(1, size);
  }
  if (/^\d+$/.test(text)) return batchSize(Number(text), total);
  throw new SerialError(`serial must be a whole number or a percentage, got "${value}"`);
}

/** Splits hosts into batches in order. */
export function serialBatches<T>(hosts: readonly T[], serial: readonly SerialValue[] | undefined): T[][] {
  if (hosts.length === 0) return [];
  if (!serial || serial.length === 0) return [[...hosts]];
  const batches: T[][] = [];
  let start = 0;
  let index = 0;
  while (start < hosts.length) {
    const value = serial[Math.min(index, serial.length - 1)] as SerialValue;
    // The last batch may be asked for more hosts than are left: slice gives what there is.
    const size = batchSize(value, hosts.length);
    batches.push(hosts.slice(start, start + size));
    start += size;
    index += 1;
  }
  return batches;
}
