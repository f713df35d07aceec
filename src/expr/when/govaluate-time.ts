/**
 * govaluate turns a quoted string that parses as a date/time into a TIME token, compared as Unix
 * seconds. The numeric layouts govaluate tries are supported (RFC 3339, `2006-01-02`, with ` 15:04`,
 * ` 15:04:05`, ` 15:04:05-07:00`, ISO 8601 `T15Z0700`...) and Kitchen (`3:04PM`); times without a
 * zone are read as UTC (Argo's controller runs in UTC). The ANSIC/UnixDate/RubyDate layouts are not.
 */

const FRAC = '(?:[.,](\\d+))?';
const DATE = '(\\d{4})-(\\d{2})-(\\d{2})';
const LAYOUTS: { re: RegExp; zone: 'none' | 'colon' | 'plain' }[] = [
  { re: new RegExp(`^${DATE}T(\\d{1,2}):(\\d{2}):(\\d{2})${FRAC}(Z|[+-]\\d{2}:\\d{2})$`), zone: 'colon' },
  { re: new RegExp(`^${DATE}()()()()()$`), zone: 'none' },
  { re: new RegExp(`^${DATE} (\\d{1,2}):(\\d{2})()()()$`), zone: 'none' },
  { re: new RegExp(`^${DATE} (\\d{1,2}):(\\d{2}):(\\d{2})${FRAC}()$`), zone: 'none' },
  { re: new RegExp(`^${DATE} (\\d{1,2}):(\\d{2}):(\\d{2})${FRAC}([+-]\\d{2}:\\d{2})$`), zone: 'colon' },
  { re: new RegExp(`^${DATE}T(\\d{1,2})()()()(Z|[+-]\\d{4})$`), zone: 'plain' },
  { re: new RegExp(`^${DATE}T(\\d{1,2}):(\\d{2})()()(Z|[+-]\\d{4})$`), zone: 'plain' },
  { re: new RegExp(`^${DATE}T(\\d{1,2}):(\\d{2}):(\\d{2})${FRAC}(Z|[+-]\\d{4})$`), zone: 'plain' },
];
const KITCHEN = /^(\d{1,2}):(\d{2})(AM|PM)$/;

function zoneOffsetSeconds(zone: string): number | undefined {
  if (zone === '' || zone === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4));
  if (hours > 24 || minutes > 59) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 3600 + minutes * 60);
}

function unixSeconds(parts: number[], zone: string): number | undefined {
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = parts;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const check = new Date(0);
  check.setUTCFullYear(year, month - 1, day);
  check.setUTCHours(hour, minute, second, 0);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return undefined;
  const ms = check.getTime();
  const offset = zoneOffsetSeconds(zone);
  if (offset === undefined) return undefined;
  return Math.floor(ms / 1000) - offset;
}

/** Unix seconds when the text is one of govaluate's time layouts, else undefined. */
export function parseGovaluateTime(text: string): number | undefined {
  if (text.length > 64) return undefined;
  for (const { re } of LAYOUTS) {
    const m = re.exec(text);
    if (!m) continue;
    const nums = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => (v ? Number(v) : 0));
    return unixSeconds(nums, m[8] ?? '');
  }
  const k = KITCHEN.exec(text);
  if (k) {
    const hour12 = Number(k[1]);
    const minute = Number(k[2]);
    if (hour12 > 12 || minute > 59) return undefined;
    const hour = (hour12 % 12) + (k[3] === 'PM' ? 12 : 0);
    // Go's zero date: January 1, year 0, UTC.
    return -62167219200 + hour * 3600 + minute * 60;
  }
  return undefined;
}
