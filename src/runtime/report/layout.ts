// The card that wraps each section of the page.
import { attrs, escapeHtml } from "./escape.js";

export interface SectionOptions {
  id: string;
  title: string;
  /** One line under the title. */
  lead?: string;
  body: string;
}

export function section(o: SectionOptions): string {
  const lead = o.lead ? `<p class="lead">${escapeHtml(o.lead)}</p>` : "";
  return `<section${attrs({ class: "card", id: o.id, "data-section": o.id })}><h2>${escapeHtml(o.title)}</h2>${lead}${o.body}</section>`;
}

/** The grey box shown where a section has nothing to draw. */
export function emptyState(text: string): string {
  return `<p class="empty">${escapeHtml(text)}</p>`;
}
