/** `2026-02-01` -> `20260201`, the form Naver's query takes. */
export function toCompactDate(isoDate: string): string {
  return isoDate.replaceAll('-', '');
}

/** `20260201` -> `2026-02-01`; the caller has checked that it is eight digits. */
export function fromCompactDate(compact: string): string {
  return `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;
}

/** Whether an ISO date is inside an inclusive window; ISO dates compare as text. */
export function isInWindow(date: string, start: string, end: string): boolean {
  return date >= start && date <= end;
}
