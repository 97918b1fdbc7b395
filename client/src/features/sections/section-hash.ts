/** The hash naming a section in the URL (`#section-<id>`), so the grid can link to one. */
export function sectionHash(sectionId: string): string {
  return `#section-${sectionId}`;
}
