type Translate = (key: string, named: Record<string, unknown>) => string

/** A marker row's text (`stopped:137`, `disconnected`…) in the person's language. */
export function markerText(t: Translate, stored: string): string {
  const [kind, code] = stored.split(':')
  if (kind === 'stopped' && code !== undefined) return t('logs.marker.stoppedWithCode', { code })
  return t(`logs.marker.${kind}`, {})
}
