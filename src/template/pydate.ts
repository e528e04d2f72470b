/**
 * Python's datetime.date and datetime.datetime, as PyYAML makes them of a
 * YAML 1.1 timestamp (`2001-12-14`, `2001-12-14 21:59:43.10 -5`): what
 * str(), repr(), isoformat() and type_debug give for them.
 */

export interface PyTime {
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
  /** The UTC offset in minutes; null when the timestamp named no zone (a naive datetime). */
  offset: number | null;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * datetime.timedelta's repr for a UTC offset: a whole number of minutes, not 0, strictly
 * within a day either way: its days are 0 or -1, its seconds never 0.
 */
function offsetRepr(minutes: number): string {
  const seconds = minutes * 60;
  return seconds < 0 ? `datetime.timedelta(days=-1, seconds=${seconds + 86400})` : `datetime.timedelta(seconds=${seconds})`;
}

export class PyDate {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    /** Absent for a date; a datetime otherwise. */
    readonly time?: PyTime,
  ) {}

  get typeName(): 'date' | 'datetime' {
    return this.time ? 'datetime' : 'date';
  }

  private dateText(): string {
    return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}`;
  }

  private timeText(): string {
    const t = this.time;
    if (!t) return '';
    const frac = t.microsecond ? `.${pad(t.microsecond, 6)}` : '';
    let zone = '';
    if (t.offset !== null) {
      const sign = t.offset < 0 ? '-' : '+';
      const abs = Math.abs(t.offset);
      zone = `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
    }
    return `${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${frac}${zone}`;
  }

  /** str(): `2001-12-14` or `2001-12-14 21:59:43.100000-05:00`. */
  str(): string {
    return this.time ? `${this.dateText()} ${this.timeText()}` : this.dateText();
  }

  /** isoformat(), which Ansible's JSON encoder writes. */
  isoformat(): string {
    return this.time ? `${this.dateText()}T${this.timeText()}` : this.dateText();
  }

  repr(): string {
    const t = this.time;
    if (!t) return `datetime.date(${this.year}, ${this.month}, ${this.day})`;
    const fields = [this.year, this.month, this.day, t.hour, t.minute, t.second, t.microsecond];
    // Python leaves out a zero microsecond, then a zero second.
    if (fields[6] === 0) fields.pop();
    if (fields.length === 6 && fields[5] === 0) fields.pop();
    const zone = t.offset === null ? '' : t.offset === 0 ? ', tzinfo=datetime.timezone.utc' : `, tzinfo=datetime.timezone(${offsetRepr(t.offset)})`;
    return `datetime.datetime(${fields.join(', ')}${zone})`;
  }

  toJSON(): string {
    return this.isoformat();
  }

  toString(): string {
    return this.str();
  }
}

const TIMESTAMP =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?)?$/;

/** PyYAML's construct_yaml_timestamp; undefined when the text is no valid date (Python raises there). */
export function parseTimestamp(text: string): PyDate | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (year < 1 || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return undefined;
  if (m[4] === undefined) return new PyDate(year, month, day);
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const microsecond = m[7] ? Number(m[7].slice(0, 6).padEnd(6, '0')) : 0;
  let offset: number | null = null;
  if (m[9]) offset = (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11] ?? 0));
  else if (m[8] === 'Z') offset = 0;
  // datetime.timezone takes an offset strictly between -24 and 24 hours.
  if (offset !== null && Math.abs(offset) >= 24 * 60) return undefined;
  return new PyDate(year, month, day, { hour, minute, second, microsecond, offset });
}
