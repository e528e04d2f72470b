/**
 * A tar stream (ustar, with GNU long names) made on the controller: many
 * files reach a host in one exec (`tar -x`), not one round trip each.
 */

export interface TarFile {
  /** Relative path inside the archive ('a.txt', 'sub/b.txt'). */
  path: string;
  content: Buffer;
  /** Permission bits (the host extracts with --same-permissions). */
  mode: number;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: Buffer, size: number, mode: number, type: '0' | 'L', mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  name.copy(h, 0, 0, Math.min(name.length, 100));
  h.write(octal(mode, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(mtime, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write(type, 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

function padded(data: Buffer): Buffer[] {
  const rest = data.length % BLOCK;
  return rest === 0 ? [data] : [data, Buffer.alloc(BLOCK - rest)];
}

/** The archive of `files` (regular files only: tar makes their folders as it extracts them). */
export function tarArchive(files: readonly TarFile[]): Buffer {
  const parts: Buffer[] = [];
  const now = Math.floor(Date.now() / 1000);
  for (const file of files) {
    const name = Buffer.from(file.path, 'utf8');
    if (name.length >= 100) {
      // GNU tar's long name: an 'L' entry whose data is the name.
      const long = Buffer.concat([name, Buffer.from([0])]);
      parts.push(header(Buffer.from('././@LongLink'), long.length, 0, 'L', now), ...padded(long));
    }
    parts.push(header(name, file.content.length, file.mode & 0o7777, '0', now), ...padded(file.content));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}
