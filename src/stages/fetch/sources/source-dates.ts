import { isIsoDate } from '../../../calendar/iso-date.js';

/** `2026-02-01` -> `20260201`, the form Naver's query takes. */
export function toCompactDate(isoDate: string): string {
  return isoDate.replaceAll('-', '');
}

/** `20260201` -> `2026-02-01`; the caller has checked that it is eight digits. */
export function fromCompactDate(compact: string): string {
  return `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;
}

/**
 * A bar's date from a source's date text that has the shape of a date: its ISO form when that
 * names a real day, else the source's own text unchanged (`20260230`, `2026-01-32`). An
 * impossible day is kept, not thrown, so the validator rejects that one bar naming what the
 * source sent, and the unit's other bars are stored.
 */
export function barDate(sourceText: string): string {
  const iso = /^\d{8}$/.test(sourceText) ? fromCompactDate(sourceText) : sourceText;
  return isIsoDate(iso) ? iso : sourceText;
}

/**
 * Whether a bar's date is inside an inclusive window of ISO dates; ISO dates compare as text.
 * A source's compact text of an impossible day (see `barDate`) is compared in its ISO form, so
 * a bad row inside the window reaches the validator instead of vanishing here.
 */
export function isInWindow(date: string, start: string, end: string): boolean {
  const iso = /^\d{8}$/.test(date) ? fromCompactDate(date) : date;
  return iso >= start && iso <= end;
}
