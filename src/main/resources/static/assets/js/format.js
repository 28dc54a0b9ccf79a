// Numbers and times as the pages show them.

const two = (n) => String(n).padStart(2, '0');

/** A duration as h:mm:ss (d h:mm:ss beyond a day); always the same shape, so the digits never jump. */
export function duration(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const clock = `${two(Math.floor(total / 3600) % 24)}:${two(Math.floor(total / 60) % 60)}:${two(total % 60)}`;
  return days > 0 ? `${days} d ${clock}` : clock;
}

/** A moment in the reader's own time zone and language. */
export function dateTime(iso) {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

export function time(iso) {
  return new Date(iso).toLocaleTimeString(undefined, { timeStyle: 'medium' });
}

/** Money comes as a decimal string ("99.00") and is shown as it is: never through a float. */
export const money = (amount) => amount;

/** A promo's phase at the server's time now. */
export function phase(promo, now) {
  if (now < Date.parse(promo.startAt)) return 'UPCOMING';
  return now < Date.parse(promo.endAt) ? 'ACTIVE' : 'ENDED';
}

export const STATUS_LABELS = {
  UPCOMING: 'Upcoming',
  ACTIVE: 'On sale now',
  ENDED: 'Ended',
  SOLD_OUT: 'Sold out',
  UNPAID: 'Awaiting payment',
  PAID: 'Paid',
  CANCELLED: 'Cancelled',
};
