import type { NotificationPreferences } from '@homeport/contracts';

/** Why a message waits: quiet hours, the daily digest, or the per-user rate limit. */
export type HoldReason = 'quiet' | 'digest' | 'rate';

/** A message that waits, with the others of its digest, until `dueAtMs`. */
export interface Hold {
  readonly reason: HoldReason;
  /** The rows held under one key (user, channel, address, reason, due time) become one message. */
  readonly digestKey: string;
  readonly dueAtMs: number;
}

/** What the decision needs to know of the message and its recipient. */
export interface HoldQuestion {
  readonly severity: 'info' | 'warning' | 'critical';
  readonly category: string;
  readonly channel: string;
  /** The address (email, subscription id, device id, number) the message goes to. */
  readonly address: string;
  readonly timeZone: string;
  readonly preferences: Pick<NotificationPreferences, 'quietHours' | 'digest'>;
  readonly nowMs: number;
  /** Messages the user got in the last hour on this category, channel and address. */
  readonly sentLastHour: number;
  readonly ratePerHour: number;
}

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const dayMinutes = 24 * 60;

const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The wall-clock minute of the day at `nowMs` in the time zone. */
function localMinuteOfDay(nowMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(nowMs));
  const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value ?? 0);
  return part('hour') * 60 + part('minute');
}

/**
 * The next instant the wall clock of the time zone reads `time`: counted in wall-clock minutes, then moved by
 * the offset change of a DST shift in between. A time the shift skips (02:30 on a spring-forward night) is
 * reached at the instant it would have been in the old offset (03:30 by the new clock).
 */
function nextLocalTime(nowMs: number, timeZone: string, time: string): number {
  const target = toMinutes(time);
  const delta = (target - localMinuteOfDay(nowMs, timeZone) + dayMinutes) % dayMinutes || dayMinutes;
  const counted = Math.floor(nowMs / minuteMs) * minuteMs + delta * minuteMs;
  // The signed difference between the wall clock then and `time`, in [-12 h, 12 h): the DST shift's size.
  const shiftMinutes =
    ((target - localMinuteOfDay(counted, timeZone) + dayMinutes * 1.5) % dayMinutes) - dayMinutes / 2;
  const shifted = counted + shiftMinutes * minuteMs;
  return shifted > nowMs && localMinuteOfDay(shifted, timeZone) === target ? shifted : counted;
}

function isQuietNow(nowMs: number, timeZone: string, quiet: { from: string; to: string }): boolean {
  const [from, to, local] = [toMinutes(quiet.from), toMinutes(quiet.to), localMinuteOfDay(nowMs, timeZone)];
  return from <= to ? local >= from && local < to : local >= from || local < to;
}

/**
 * Categories about where someone is now (a member's arrival or departure, one's own zone): told when it happens,
 * never gathered into the next digest, which would tell it hours late.
 */
const momentaryCategories: readonly string[] = ['presence', 'geofence'];

/**
 * Whether a message waits, and until when. Critical ones never do. Otherwise, in this order: quiet hours
 * (until they end), info with a daily digest (until `digest.at`; not the momentary categories), past the rate
 * limit (until the hour ends).
 */
export function decideHold(question: HoldQuestion): Hold | undefined {
  const { severity, preferences, nowMs, timeZone } = question;
  if (severity === 'critical') return undefined;
  const keyOf = (reason: HoldReason, dueAtMs: number, scope: string = question.channel) =>
    `${reason}|${scope}|${question.address}|${new Date(dueAtMs).toISOString()}`;
  const quiet = preferences.quietHours;
  if (quiet !== null && isQuietNow(nowMs, timeZone, quiet)) {
    const dueAtMs = nextLocalTime(nowMs, timeZone, quiet.to);
    return { reason: 'quiet', digestKey: keyOf('quiet', dueAtMs), dueAtMs };
  }
  if (
    severity === 'info' &&
    preferences.digest !== null &&
    !momentaryCategories.includes(question.category)
  ) {
    const dueAtMs = nextLocalTime(nowMs, timeZone, preferences.digest.at);
    return { reason: 'digest', digestKey: keyOf('digest', dueAtMs), dueAtMs };
  }
  if (question.sentLastHour >= question.ratePerHour) {
    const dueAtMs = (Math.floor(nowMs / hourMs) + 1) * hourMs;
    const scope = `${question.category}/${question.channel}`;
    return { reason: 'rate', digestKey: keyOf('rate', dueAtMs, scope), dueAtMs };
  }
  return undefined;
}
