/** Series colours for the operations charts; each passes WCAG AA (3:1) against the white card. */
export const chartColors = {
  uploads: '#1f4f82',
  clean: '#1b7f3b',
  infected: '#b42318',
  rejected: '#b54708',
  error: '#5d6b82',
  latency: '#6941c6',
  lag: '#0e7490',
} as const;
