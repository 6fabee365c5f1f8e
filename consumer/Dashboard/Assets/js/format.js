// Numbers, dates and durations in the reader's locale.
const numbers = new Intl.NumberFormat();
const dates = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const times = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const days = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });

export const count = (n) => numbers.format(n);

export const date = (iso) => (iso ? dates.format(new Date(iso)) : '—');

/** A UTC calendar day such as "2026-11-28", shown as that day (not shifted into local time). */
export const utcDay = (isoDay) => (isoDay ? days.format(new Date(`${isoDay}T00:00:00Z`)) : '—');

export const time = (iso) => times.format(new Date(iso));

const utcMoments = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC',
});

/** An exact instant in UTC, the same for every reader: "15 Jan, 09:12 UTC". */
export const utcMoment = (iso) => `${utcMoments.format(new Date(iso))} UTC`;

const moments = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** A moment: just the time when it is today, else the day and the time. */
export function moment(iso) {
  const at = new Date(iso);
  return at.toDateString() === new Date().toDateString() ? times.format(at) : moments.format(at);
}

export const money = (amount) => (Number(amount) === 0 ? 'Free' : `$${numbers.format(Number(amount))}/month`);

/** "45 s", "12 min", "3 h 5 min", "6 d 4 h". */
export function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) {
    return `${s} s`;
  }
  if (s < 3600) {
    return `${Math.ceil(s / 60)} min`;
  }
  if (s < 86400) {
    const h = Math.floor(s / 3600);
    const m = Math.round((s % 3600) / 60);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const d = Math.floor(s / 86400);
  const h = Math.round((s % 86400) / 3600);
  return h ? `${d} d ${h} h` : `${d} d`;
}

const featureNames = {
  current: 'Current weather',
  'forecast-7day': '7-day forecast',
  'forecast-hourly': 'Hourly forecast',
  historical: 'Historical weather',
  bulk: 'Bulk requests',
};

export const feature = (name) => featureNames[name] ?? name;
